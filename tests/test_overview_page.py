"""The director's front page (AppTest, real database): status groups, changes since the last
council meeting, projects that need attention, and the activity figures below."""

from __future__ import annotations

import datetime as dt
import logging
import re

import sqlalchemy as sa

from dashboard.status import attention
from dashboard.status import queries as status
from dashboard.i18n import t
from dashboard.text import shown
from tests.apptest import open_app, plotly_specs, plotly_values, texts
from tests.status_helpers import load_demo_set


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def categories_in_sql(db) -> dict[str, int]:
    """The running projects by latest overall status as of the newest report month, counted
    independently of the page's query."""
    with db.connect() as conn:
        rows = conn.execute(sa.text("""
            SELECT p.state::text, (SELECT max(month) FROM status_report s WHERE s.project_id = p.id) AS latest,
                   (SELECT overall::text FROM status_report s WHERE s.project_id = p.id ORDER BY month DESC LIMIT 1),
                   (SELECT max(month) FROM status_report) AS as_of
            FROM project p WHERE p.state IN ('ongoing', 'paused')""")).all()
    counts = dict.fromkeys(attention.CATEGORIES, 0)
    for state, latest, overall, as_of in rows:
        if latest is None:
            counts["no_report"] += 1
        elif latest < as_of and state != "paused":
            counts["overdue"] += 1
        else:
            counts[overall] += 1
    return counts


def test_front_page_on_the_published_data(db_url, db):
    at = open_app()
    assert not at.exception
    assert texts(at, "error") == []
    shown_metrics = metrics(at)
    expected = categories_in_sql(db)
    assert expected["no_report"] > 0 and sum(expected.values()) == expected["no_report"]
    for category, count in expected.items():
        assert shown_metrics[t(f"overview.category_{category}")] == str(count)
    assert shown_metrics["Risikovurderinger"] == "10"
    assert shown_metrics["Sparringsmøder"] == "5"
    assert (shown_metrics["Profil A"], shown_metrics["Profil B"], shown_metrics["Profil C"]) == ("8", "1", "1")
    assert t("status.no_reports") in texts(at, "info")
    # The front page links to the whole portfolio instead of repeating it.
    assert any("Hele porteføljen (17 projekter)" in link.proto.label for link in at.get("page_link"))
    assert not at.dataframe


def test_front_page_in_english(db_url):
    at = open_app(lang="en")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert {m.label for m in at.metric} >= {"Risk assessments", "Sparring meetings", "– No report"}


def test_activity_chart_carries_numbers(db_url):
    at = open_app()
    bars = [trace for spec in plotly_specs(at) for trace in spec["data"] if trace.get("type") == "bar"]
    by_type = {trace["name"]: sum(plotly_values(trace["y"])) for trace in bars}
    assert by_type == {"Risikovurdering": 10, "Sparringsmøde": 5}
    assert all(trace.get("text") is not None for trace in bars)  # numbers printed, not colour only


def test_front_page_with_reports_says_how_old_they_are_and_why_projects_need_attention(db):
    load_demo_set(db)
    at = open_app()
    assert not at.exception and texts(at, "error") == []
    expected = categories_in_sql(db)
    for category, count in expected.items():
        assert metrics(at)[t(f"overview.category_{category}")] == str(count)
    # The demo reports end in December 2023: called old, never "nu".
    subheaders = [s.value for s in at.subheader]
    assert any("december 2023" in s for s in subheaders)
    assert not any(re.search(r"\bnu\b", s) for s in subheaders)
    assert t("overview.status_old", month="december 2023") in texts(at, "warning")

    with db.connect() as conn:
        red = conn.execute(sa.text("""
            SELECT p.slug, p.name, s.month, s.action::text, s.time::text, s.time_cause, sc.name_da
            FROM project p CROSS JOIN LATERAL (SELECT * FROM status_report s WHERE s.project_id = p.id
                                               ORDER BY month DESC LIMIT 1) s
            LEFT JOIN subcategory sc ON sc.code = s.time_cause
            WHERE p.state IN ('ongoing', 'paused') AND s.overall = 'red' ORDER BY s.month DESC, p.name""")).first()
        months = conn.execute(sa.text("""
            SELECT count(*) FROM status_report s WHERE s.project_id = (SELECT id FROM project WHERE slug = :slug)
              AND s.month > coalesce((SELECT max(month) FROM status_report g WHERE g.project_id = s.project_id
                                      AND g.overall = 'green'), DATE '-infinity')"""), {"slug": red.slug}).scalar()
    links = [link.proto for link in at.get("page_link")]
    card = next(link for link in links if shown(link.label) == red.name)
    assert card.query_string == f"id={red.slug}&fane=oversigt&lang=da"  # the project's full view
    captions = [shown(c.value) for c in at.caption]
    details = next(c for c in captions if c.startswith("**✕ Rød**") and red.name not in c and f"{months} måneder" in c)
    assert t("status.action_name." + red.action) in details
    if red.time != "green":
        assert red.name_da in details
    # What changed since the last council meeting: the default date, in the offered link (the
    # bare address of the default view is left bare).
    since = status.default_since(dt.date(2023, 12, 1))
    assert at.date_input(key="overblik:siden").value == since and "siden" not in at.query_params
    changes_link = next(link for link in links if shown(link.label) == t("overview.changes_all"))
    assert f"siden={since.isoformat()}" in changes_link.query_string
    with db.connect() as conn:
        changes = conn.execute(sa.text("""
            SELECT count(*) FROM status_report s WHERE s.reported_at >= :since AND s.overall <> (
              SELECT b.overall FROM status_report b WHERE b.project_id = s.project_id AND b.month < s.month
              ORDER BY b.month DESC LIMIT 1)"""), {"since": since}).scalar()
    assert changes > 0
    assert any(f"**{changes} ændringer**" in shown(m.value) for m in at.markdown)


def test_the_meeting_date_comes_from_the_link(db):
    load_demo_set(db)
    at = open_app(siden="2023-12-20")
    assert not at.exception
    assert at.date_input[0].value == dt.date(2023, 12, 20)
    assert at.query_params["siden"] == "2023-12-20"
    bad = open_app(siden="i-går")
    assert any("siden" in w for w in texts(bad, "warning"))


def test_validation_failure_is_a_message_not_a_crash(db_url, db, caplog):
    # Make the database hold a row the portfolio's schema rejects: lift the slug rule for this test.
    with db.begin() as conn:
        conn.execute(sa.text("ALTER TABLE project DROP CONSTRAINT project_slug_check"))
        conn.execute(sa.text("UPDATE project SET slug = 'LUNA med mellemrum' WHERE slug = 'luna'"))
    with caplog.at_level(logging.ERROR):
        at = open_app("portefolje.py")
    assert not at.exception
    errors = texts(at, "error")
    assert any("består ikke valideringen" in e and "slug" in e for e in errors)
    assert any("validation of portfolio failed" in r.getMessage() for r in caplog.records)


def test_database_down_is_a_danish_message(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    at = open_app()
    assert not at.exception
    assert any("Databasen kan ikke nås" in e for e in texts(at, "error"))


def test_profiled_project_without_short_name_is_listed_in_the_matrix(db_url, db):
    # Found by the benchmark's large set: an entered project with a risk profile but no short
    # name made the risk matrix fail ("uventet fejl") for every viewer of the overview.
    with db.begin() as conn:
        project = conn.execute(sa.text(
            "INSERT INTO project (slug, name, state, provenance, entered_by, entered_at) "
            "VALUES ('uden-kortnavn', 'Projekt uden kortnavn', 'ongoing', 'entered', 'sekretariatet', now()) "
            "RETURNING id")).scalar()
        activity = conn.execute(sa.text(
            "INSERT INTO activity (project_id, type, month, state, provenance, entered_by, entered_at) "
            "VALUES (:p, 'risk_assessment', DATE '2024-05-01', 'held', 'entered', 'sekretariatet', now()) "
            "RETURNING id"), {"p": project}).scalar()
        conn.execute(sa.text(
            "INSERT INTO risk_assessment_result (activity_id, profile, provenance, entered_by, entered_at) "
            "VALUES (:a, 'B', 'entered', 'sekretariatet', now())"), {"a": activity})
    at = open_app()
    assert not at.exception and texts(at, "error") == []
    annotations = [a["text"] for spec in plotly_specs(at) for a in spec["layout"].get("annotations", [])]
    assert any("Projekt uden kortnavn" in text for text in annotations)


def test_attention_list_shows_the_worst_few_and_links_to_the_rest(db_url, db):
    # At scale the list must stay one glance (and one page run cheap): ten cards, then a link.
    with db.begin() as conn:
        for i in range(13):
            project = conn.execute(sa.text(
                "INSERT INTO project (slug, name, state, provenance, entered_by, entered_at) "
                "VALUES (:slug, :name, 'ongoing', 'entered', 'sekretariatet', now()) RETURNING id"),
                {"slug": f"gult-projekt-{i}", "name": f"Gult projekt {i:02d}"}).scalar()
            conn.execute(sa.text(
                "INSERT INTO status_report (project_id, month, deliveries, time, money, resources, time_cause, "
                "time_note, action, reported_by, reported_at, provenance, entered_by, entered_at) "
                "VALUES (:p, DATE '2024-02-01', 'green', :colour, 'green', 'green', 'schedule', 'Forsinket', "
                "'new_plan', 'projektleder', now(), 'entered', 'sekretariatet', now())"),
                {"p": project, "colour": "red" if i == 12 else "yellow"})
    at = open_app()
    assert not at.exception and texts(at, "error") == []
    cards = [shown(link.proto.label) for link in at.get("page_link") if "Gult projekt" in shown(link.proto.label)]
    assert len(cards) == 10
    assert cards[0] == "Gult projekt 12"  # the red one first
    assert len(set(cards)) == 10  # each link names its project
    assert any("og 3 projekter mere" in shown(link.proto.label) for link in at.get("page_link"))
    details = [shown(c.value) for c in at.caption if "Tidsplan: Forsinket" in shown(c.value)]
    assert len(details) == 10 and all("Handling: Ny plan" in d and "1 måned " in d for d in details)
