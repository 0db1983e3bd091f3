"""The cases' vocabularies (codes as in the database, labels in dashboard/catalogue/cases.toml) and
their readable URL values."""

from __future__ import annotations

from dashboard.i18n import DEFAULT_LANGUAGE, t

KINDS = ("risk_assessment", "sparring")
STATES = ("open", "closed")
REQUESTERS = ("directors_group", "rsi_group", "project", "region", "secretariat")
AFFILIATIONS = ("internal", "external")
ASSESSOR_FIELDS = ("project_management", "architecture", "economics", "law", "business")
RESPONDENTS = ("project", "assessors")
CRITERIA = ("new_or_complex_technology", "many_stakeholders", "large_organisation",
            "business_risks", "security_risks", "external_dependencies")
COMPLEXITY_CRITERIA = CRITERIA[:3]

# Figure 10 in its order; the sparring meeting's path (section 10).
ASSESSMENT_STEPS = ("request", "documents_received", "startup_meeting", "risk_workshop", "pre_meeting",
                    "dialogue_meeting", "letter_sent", "response_received", "reported_to_directors",
                    "evaluation_received")
SPARRING_STEPS = ("sparring_planned", "material_received", "meeting_held", "minutes_sent")
STEPS = ASSESSMENT_STEPS + SPARRING_STEPS
PATH = {"risk_assessment": ASSESSMENT_STEPS, "sparring": SPARRING_STEPS}
CLOCK_START, CLOCK_END = "documents_received", "letter_sent"
# What the "started" rule of the database (case_started) means: an actual date after these.
NOT_STARTING = ("request", "sparring_planned")

# Where a step stands (rules.step_status).
STEP_STATUSES = ("done", "done_late", "overdue", "planned", "not_planned")

URL_VALUES = {
    "state": {"open": "aaben", "closed": "lukket"},
    "kind": {"risk_assessment": "risikovurdering", "sparring": "sparring"},
    "step": {"request": "anmodning", "documents_received": "materiale", "startup_meeting": "opstart",
             "risk_workshop": "workshop", "pre_meeting": "formoede", "dialogue_meeting": "dialogmoede",
             "letter_sent": "brev", "response_received": "responsum", "reported_to_directors": "afrapporteret",
             "evaluation_received": "evaluering", "sparring_planned": "planlagt",
             "material_received": "baggrundsmateriale", "meeting_held": "moede", "minutes_sent": "referat",
             "none": "ingen"},
    "overdue": {"all": "alle", "overdue": "ja", "on_time": "nej"},
}


def to_url(vocabulary: str, code: str) -> str:
    return URL_VALUES[vocabulary][code]


def from_url(vocabulary: str, value: str) -> str | None:
    return next((code for code, text in URL_VALUES[vocabulary].items() if text == value), None)


def label(vocabulary: str, code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """'step', 'letter_sent' -> 'Anbefalingsbrev sendt'; a missing code is "Ikke registreret"."""
    if code is None or code != code:  # None or NaN
        return t("cases.not_recorded", lang)
    return t(f"cases.{vocabulary}.{code}", lang)
