"""The vocabularies of project facts and the rule (codes as in the database; labels in the
catalogue, dashboard/catalogue/screening.toml), their readable URL values, and the bands the
figures count in."""

from __future__ import annotations

import math

from dashboard.i18n import DEFAULT_LANGUAGE, format_number, t

SCOPES = ("joint_regional", "regional", "cross_public")
DEVELOPMENTS = ("new_development", "substantial_adaptation", "neither")
PHASES = ("idea", "analysis", "procurement", "realisation", "ended")   # in order
EARLY_PHASES = ("idea", "analysis")          # no schedule and budget yet (report section 6, figure 5)
BUDGET_KINDS = ("baseline", "estimate")
BUDGET_OUTCOMES = ("within", "over")
SCHEDULE_OUTCOMES = ("within", "late")
THRESHOLD_SCOPES = ("joint_regional", "cross_public")
DECISIONS = ("nominated", "not_nominated")
GROUNDS = ("rule", "directors_group", "cost_increase", "request")
VERDICTS = ("required", "not_required", "unknown")
REASONS = ("type_missing", "regional_project", "no_development", "no_threshold", "budget_missing",
           "share_missing", "not_over_threshold", "development_missing", "over_threshold")
UNKNOWN = "unknown"          # a fact not recorded, in figures and filters

URL_VALUES = {
    "verdict": {"required": "skal", "not_required": "skal-ikke", "unknown": "ukendt"},
    "scope": {"joint_regional": "faellesregional", "regional": "regional", "cross_public": "faellesoffentlig",
              UNKNOWN: "ukendt"},
    "phase": {"idea": "ide", "analysis": "analyse", "procurement": "anskaffelse", "realisation": "realisering",
              "ended": "drift-lukket", UNKNOWN: "ukendt"},
}


def to_url(vocabulary: str, code: str) -> str:
    return URL_VALUES[vocabulary][code]


def from_url(vocabulary: str, value: str) -> str | None:
    return next((code for code, text in URL_VALUES[vocabulary].items() if text == value), None)


def label(vocabulary: str, code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """'scope', 'joint_regional' -> 'Fællesregional'; a missing code is "Ikke registreret"."""
    if code is None or (isinstance(code, float) and math.isnan(code)) or code is UNKNOWN or code == UNKNOWN:
        return t("screening.not_recorded", lang)
    return t(f"screening.{vocabulary}.{code}", lang)


# --- bands of figures 4 and 5 -------------------------------------------------------------------
# Upper bounds are inclusive, so "10 mio. kr. or less" and "over 10" split exactly where the rule does.

COST_BANDS_MKR = (10, 25, 50, 100)            # <= 10, 10-25, 25-50, 50-100, over 100
DURATION_BANDS_MONTHS = (24, 36, 48, 60)      # <= 2 years, 2-3, 3-4, 4-5, over 5 years


def band_index(value: float | None, bounds: tuple[float, ...]) -> int | None:
    """0 for value <= bounds[0], ..., len(bounds) for over the last; None for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return next((i for i, bound in enumerate(bounds) if value <= bound), len(bounds))


def cost_band_label(index: int | None, lang: str) -> str:
    return _band_label(index, COST_BANDS_MKR, "screening.band.mkr", lang)


def duration_band_label(index: int | None, lang: str) -> str:
    years = tuple(b // 12 for b in DURATION_BANDS_MONTHS)
    return _band_label(index, years, "screening.band.years", lang)


def _band_label(index: int | None, bounds: tuple, unit_key: str, lang: str) -> str:
    if index is None:
        return t("screening.not_recorded", lang)
    n = lambda v: format_number(v, lang)  # noqa: E731
    if index == 0:
        return t("screening.band.at_most", lang, value=n(bounds[0]), unit=t(unit_key, lang))
    if index == len(bounds):
        return t("screening.band.over", lang, value=n(bounds[-1]), unit=t(unit_key, lang))
    return t("screening.band.between", lang, low=n(bounds[index - 1]), high=n(bounds[index]), unit=t(unit_key, lang))
