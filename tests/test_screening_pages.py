"""The screening page, the portfolio's "must be assessed" filter and column, and the project page's
facts (AppTest on the real database with the real app shell)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.i18n import t
from dashboard.screening import rules
from screening_helpers import D, add_budget, add_phase, set_type
from tests.apptest import open_app, plotly_specs, texts



@pytest.fixture
def screened(db):
    """Three projects the lists must find: one that must be assessed (in analysis), one in analysis
    under the threshold, and one whose costs rose over the threshold after its assessment."""
    with db.begin() as conn:
        set_type(conn, "lims-patologi", "joint_regional", "new_development")
        add_phase(conn, "lims-patologi", "idea", D(2024, 1, 15))
        add_phase(conn, "lims-patologi", "analysis", D(2024, 3, 1))
        add_budget(conn, "lims-patologi", D(2024, 3, 1), 65.0, start=D(2025, 1, 2), end=D(2028, 12, 31))
        set_type(conn, "vederlagsfri-medicin", "joint_regional", "new_development")
        add_phase(conn, "vederlagsfri-medicin", "analysis", D(2024, 1, 15))
        add_budget(conn, "vederlagsfri-medicin", D(2024, 2, 1), 9.5)
        set_type(conn, "kiit", "joint_regional", "new_development")
        add_phase(conn, "kiit", "realisation", D(2021, 9, 1))
        add_budget(conn, "kiit", D(2020, 5, 4), 8.0, kind="baseline", start=D(2020, 10, 1), end=D(2023, 6, 30))
        add_budget(conn, "kiit", D(2024, 1, 15), 52.0, end=D(2025, 6, 30))
    return db


def plain(texts_: list[str]) -> str:
    """Texts shown through Markdown as a person reads them (dashboard.text.shown)."""
    from dashboard.text import shown

    return " ".join(shown(text) for text in texts_)


def table(at, column: str | None = None) -> pd.DataFrame | None:
    """The page's table that has this column (the list of projects by default), or None."""
    column = column or t("screening.col.project")
    return next((d.value for d in at.dataframe if column in d.value.columns), None)


def projects_in(at) -> list[str]:
    frame = table(at)
    return [] if frame is None else frame[t("screening.col.project")].tolist()


def test_every_view_opens_and_writes_its_state_in_the_url(screened):
    for view in ("skal-vurderes", "analyse", "genvurdering", "indstillinger", "figur-4", "figur-5"):
        at = open_app("screening.py", visning=view)
        assert not at.exception and texts(at, "error") == [], view
        params = dict(at.query_params)
        assert params["visning"] == view and params["dato"] == rules.today_in_copenhagen().isoformat() and params["lang"] == "da"
        assert "ansvarlig" in params and "type" in params


def test_the_three_lists(screened):
    at = open_app("screening.py", visning="skal-vurderes")
    assert projects_in(at) == ["Anskaffelse af fællesregionalt laboratorie information management system (LIMS) "
                               "på patologiområdet"]
    reason = table(at)[t("screening.col.reason")].iloc[0]
    assert reason.startswith("Skal risikovurderes: et fællesregionalt projekt med nyudvikling, og budgettet på 65 mio. kr.")
    at = open_app("screening.py", visning="analyse")
    assert sorted(projects_in(at)) == sorted(["Anskaffelse af fællesregionalt laboratorie information management "
                                              "system (LIMS) på patologiområdet",
                                              "It-understøttelse af udlevering af vederlagsfri medicin"])
    at = open_app("screening.py", visning="genvurdering")
    assert projects_in(at) == ["Klinisk Immunologi IT (KIIT)"]
    frame = table(at)
    assert frame[f"{t('screening.col.amount_then')} (mio. kr.)"].tolist() == [8.0]
    assert frame[f"{t('screening.col.amount_now')} (mio. kr.)"].tolist() == [52.0]


def test_a_past_date_shows_the_judgement_of_that_day(screened):
    at = open_app("screening.py", visning="genvurdering", dato="2023-12-31")
    assert table(at) is None  # the estimate of January 2024 was not known yet
    assert t("screening.none_in_list") in texts(at, "info")
    at = open_app("screening.py", visning="skal-vurderes", dato="2024-02-29")
    assert table(at) is None   # LIMS' budget is dated 1 March 2024


def test_filters_by_responsible_and_type(screened):
    at = open_app("screening.py", visning="analyse", ansvarlig="Region Nordjylland")
    assert projects_in(at) == ["It-understøttelse af udlevering af vederlagsfri medicin"]
    at = open_app("screening.py", visning="analyse", type="regional")
    assert table(at) is None
    at.multiselect(key="screening:type").set_value(["faellesregional"]).run()
    assert len(projects_in(at)) == 2 and at.query_params["type"] == "faellesregional"


def test_bad_parameters_give_a_notice_and_the_default(screened):
    at = open_app("screening.py", visning="tabel", dato="1999-01-01", type="statslig")
    warnings = " ".join(texts(at, "warning"))
    assert "visning=tabel" in warnings and "dato=1999-01-01" in warnings and "type=statslig" in warnings
    assert at.query_params["visning"] == "skal-vurderes" and at.query_params["dato"] == rules.today_in_copenhagen().isoformat()


def test_downloads_hold_the_rows_and_the_filters(screened):
    from dashboard import downloads

    at = open_app("screening.py", visning="genvurdering")
    frame = table(at)
    text = downloads.to_csv(frame, "Screening", [("Visning", "Genvurdering")]).decode("utf-8-sig")
    assert "Klinisk Immunologi IT (KIIT)" in text and "# Visning: Genvurdering" in text
    keys = sorted(b.key for b in at.get("download_button"))
    # Comma CSV, semicolon CSV for Danish Excel, and Excel: the three every view offers.
    assert len(keys) == 3 and all(key.endswith(":screening:reassessment") for key in keys), keys


def test_figures_4_and_5_with_their_tables(screened):
    at = open_app("screening.py", visning="figur-4")
    spec = plotly_specs(at)[0]
    assert "Figur 4" in spec["layout"]["title"]["text"] and "(10 projekter)" in spec["layout"]["title"]["text"]
    assert len(spec["data"]) == 4
    projects = table(at)
    assert len(projects) == 10 and "KIIT" in " ".join(projects[t("screening.col.project")])
    kiit = projects[projects[t("screening.col.project")] == "Klinisk Immunologi IT (KIIT)"].iloc[0]
    assert kiit[f"{t('screening.col.amount_then')} (mio. kr.)"] == 8.0   # the budget known at the assessment
    at = open_app("screening.py", visning="figur-5")
    spec = plotly_specs(at)[0]
    assert "Figur 5" in spec["layout"]["title"]["text"]
    captions = " ".join(texts(at, "caption"))
    assert "1 RSI-projekter i idé- eller analysefasen indgår ikke" in captions   # LIMS, in analysis
    shown = table(at)[t("screening.col.project")].tolist()
    assert "Klinisk Immunologi IT (KIIT)" in shown and not any("LIMS" in name for name in shown)
    at.toggle(key="table:screening_figure5").set_value(True).run()
    counts = table(at, t("screening.col.characteristic"))
    assert list(counts.columns) == [t("screening.col.characteristic"), t("screening.col.value"),
                                    t("screening.col.projects")]
    assert counts[t("screening.col.projects")].sum() == 2 * len(shown)   # every project in both panels


def test_portfolio_filter_and_column(screened):
    at = open_app("portefolje.py", risikovurdering="skal")
    shown = at.dataframe[0].value
    assert shown["Projekt"].tolist() == ["Anskaffelse af fællesregionalt laboratorie information management system "
                                         "(LIMS) på patologiområdet", "Klinisk Immunologi IT (KIIT)"]
    assert shown[t("screening.column_must_assess")].tolist() == ["Ja", "Ja"]
    assert at.query_params["risikovurdering"] == "skal"
    at = open_app("portefolje.py", risikovurdering=["skal-ikke", "ukendt"])
    assert len(at.dataframe[0].value) == 15
    at = open_app("portefolje.py")
    column = at.dataframe[0].value[t("screening.column_must_assess")]
    assert column.value_counts().to_dict() == {"Ukendt": 13, "Ja": 2, "Nej": 2}   # Nej: 9,5 mio. kr.; RIS/PACS is regional


def test_project_page_shows_the_rule_with_its_reason_and_the_facts(screened):
    at = open_app("projekt.py", id="kiit")
    assert not at.exception
    warning = plain(texts(at, "warning"))
    assert "Skal risikovurderes: et fællesregionalt projekt med nyudvikling, og budgettet på 52 mio. kr." in warning
    assert "Risikovurderet juni 2020" in warning
    errors = plain(texts(at, "error"))
    assert "Ved risikovurderingen i juni 2020 var budgettet 8 mio. kr." in errors
    at = open_app("projekt.py", id="lims-patologi")
    links = plain([link.proto.label for link in at.get("page_link")])
    assert "Fortsætter: Det fællesregionale patologisystem" in links
    assert "Fortsætter: Fællesregionalt program for det diagnostiske område" in links
    at = open_app("projekt.py", id="patologisystem")
    links = plain([link.proto.label for link in at.get("page_link")])
    assert "Fortsættes af: Anskaffelse af fællesregionalt laboratorie" in links
    at = open_app("projekt.py", id="labrek")
    markdown = plain(texts(at, "markdown"))
    assert "60 mio. kr. under budget · 36 måneder før planen" in markdown
    assert "tre år tidligere end først planlagt" in plain(texts(at, "caption"))


def test_pages_in_english(screened):
    at = open_app("screening.py", visning="skal-vurderes", lang="en")
    assert not at.exception
    reason = table(at, t("screening.col.reason", "en"))[t("screening.col.reason", "en")].iloc[0]
    assert reason.startswith("Must be risk-assessed: a joint-regional project with new development")
    at = open_app("projekt.py", id="vederlagsfri-medicin", lang="en")
    assert any("Not required by the rule" in s for s in texts(at, "success"))


# --- the secretariat's pages: the forms and the history of project facts ---------------------------

def test_fact_forms_and_their_history_on_the_secretariat_pages(screened):
    """Every form of this room opens on /indtastning; a saved threshold has its history on /historik."""
    import time

    from streamlit.testing.v1 import AppTest

    from dashboard import accounts
    from dashboard.accounts import Actor
    from dashboard.entry import service
    from dashboard.screening.entry import FORMS, URL_TYPES
    from tests.apptest import APP, PAGES

    with screened.begin() as conn:
        accounts.create_user(conn, "anna", "secretariat", "korrekt hest batteri", "Anna", "test")
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["_auth"] = {"actor": Actor("anna", "secretariat"), "last_seen": time.time()}
    at.run()
    for url_type, kind in URL_TYPES.items():
        at.switch_page(str(PAGES / "indtastning.py"))
        at.query_params["type"], at.query_params["id"] = url_type, "ny"
        at.run()
        assert not at.exception and texts(at, "error") == [], kind
        labels = {w.label.rstrip(" *") for kind_ in ("selectbox", "text_input", "date_input", "text_area")
                  for w in getattr(at, kind_)}
        assert {t(f"entry.field.{spec.name}") for spec in FORMS[kind]} <= labels, kind
    saved = service.save("threshold", {"applies_to": "joint_regional", "valid_from": dt.date(2099, 1, 1),
                                       "threshold_mkr": "20", "source": "Ny regel"}, Actor("anna", "secretariat"),
                         token=service.new_token())
    assert saved.status == "saved"
    at.switch_page(str(PAGES / "historik.py"))
    at.query_params["type"], at.query_params["id"] = "beloebsgraense", str(saved.record_id)
    at.run()
    assert not at.exception
    history = at.dataframe[0].value
    changes = " ".join(history[t("entry.history.changes")])
    assert "Gælder for: Fællesregionalt" in changes and "Gælder fra: 2099-01-01" in changes


def test_the_threshold_in_force_reads_as_text(db):
    """The rule's threshold sentence is made inert once: a person reads "(budget): 10 mio. kr.", not
    character references (it was built from texts that were each escaped, then escaped again)."""
    at = open_app("screening.py")
    sentence = next(m for m in texts(at, "markdown") if m.startswith("Beløbsgrænse pr."))   # as read
    assert "fællesregionale projekter (budget): 10 mio. kr. (fra 1. januar 2019)" in sentence
    assert "&#" not in sentence and "&amp;" not in sentence
