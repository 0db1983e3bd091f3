"""Status history data (issue 4): the database rules, the demo set, the synthetic set and the
status queries, on a real PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dashboard import repository
from dashboard.demo import remove_demo
from dashboard.errors import UserError
from tests.helpers import table_checksums
from tests.status_helpers import add_entered_rows, load_demo_set

D = dt.date
REPORT = ("INSERT INTO status_report (project_id, month, deliveries, time, money, resources, {causes} action,"
          " reported_by, reported_at, provenance, source_ref, entered_by, entered_at)"
          " VALUES ((SELECT id FROM project WHERE slug = :slug), :month, {colours}, {cause_values} :action,"
          " 'PL', :reported_at, 'entered', NULL, 'test', now())")


def add_report(conn, slug: str, month: dt.date, colours=("green",) * 4, reported_at=None, note="forklaring"):
    """An entered report; every yellow/red parameter gets the cause 'schedule' and ``note``."""
    names = ("deliveries", "time", "money", "resources")
    bad = [n for n, c in zip(names, colours) if c != "green"]
    conn.execute(sa.text(REPORT.format(
        causes="".join(f"{n}_cause, {n}_note, " for n in bad),
        colours=", ".join(f"'{c}'" for c in colours),
        cause_values="".join("'schedule', :note, " for _ in bad))),
        {"slug": slug, "month": month, "note": note, "action": "new_plan" if bad else None,
         "reported_at": reported_at or dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 5,
                                                   tzinfo=dt.timezone.utc)})


# --- the database's own rules --------------------------------------------------------------

def test_overall_follows_the_parameters_and_cannot_be_typed(db):
    with db.begin() as conn:
        add_report(conn, "luna", D(2022, 5, 1))
        conn.execute(sa.text("UPDATE status_report SET money = 'red', money_cause = 'business_case',"
                             " money_note = 'dyrere', action = 'new_plan' WHERE month = '2022-05-01'"))
        assert conn.execute(sa.text("SELECT overall::text FROM status_report WHERE month = '2022-05-01'")).scalar() == "red"
    with pytest.raises(sa.exc.DBAPIError, match="overall"):
        with db.begin() as conn:
            conn.execute(sa.text("UPDATE status_report SET overall = 'green' WHERE month = '2022-05-01'"))


def test_one_report_per_month_also_when_a_report_is_moved(db):
    with db.begin() as conn:
        add_report(conn, "luna", D(2022, 5, 1))
        add_report(conn, "luna", D(2022, 6, 1))
        add_report(conn, "fut", D(2022, 6, 1))          # another project may report the same month
    with pytest.raises(sa.exc.IntegrityError, match="status_report_one_per_month"):
        with db.begin() as conn:
            conn.execute(sa.text("UPDATE status_report SET month = '2022-06-01' WHERE month = '2022-05-01'"
                                 " AND project_id = (SELECT id FROM project WHERE slug = 'luna')"))


def test_a_report_month_is_a_whole_month(db):
    with pytest.raises(sa.exc.IntegrityError):
        with db.begin() as conn:
            add_report(conn, "luna", D(2022, 5, 17))


# --- the demo set --------------------------------------------------------------------------

def test_demo_set_is_twenty_rsi_projects_2022_2023(db):
    load_demo_set(db)
    with db.connect() as conn:
        reporting = conn.execute(sa.text(
            "SELECT p.slug, p.name, p.provenance::text, p.is_rsi, min(s.month), max(s.month),"
            " bool_and(s.provenance = 'demo') FROM status_report s JOIN project p ON p.id = s.project_id"
            " GROUP BY p.id")).all()
        overall = dict(conn.execute(sa.text(
            "SELECT overall::text, count(*) FROM status_report GROUP BY overall")).all())
        causes = dict(conn.execute(sa.text(
            "SELECT c, count(*) FROM status_report, LATERAL (VALUES (deliveries_cause), (time_cause),"
            " (money_cause), (resources_cause)) v(c) WHERE c IS NOT NULL GROUP BY c")).all())
        end_months = dict(conn.execute(sa.text(
            "SELECT slug, end_month FROM project WHERE end_month IS NOT NULL")).all())
    assert len(reporting) == 20
    for slug, name, provenance, is_rsi, first, last, all_demo in reporting:
        assert all_demo and is_rsi
        assert D(2022, 1, 1) <= first and last <= D(2023, 12, 1)
        if provenance == "demo":
            assert "DEMO" in name
        if slug in end_months:   # a completed or closed project stops reporting in its end month
            assert last <= end_months[slug]
    slugs = {r[0] for r in reporting}
    assert {"kiit", "luna", "fut", "smr2", "labrek", "diagnostisk-program", "apovision", "ppj"} <= slugs
    assert "patologisystem" not in slugs          # closed 2021-09
    assert "ris-pacs-hovedstaden" not in slugs    # not an RSI project
    # mostly green, some yellow, some red
    total = sum(overall.values())
    assert overall["green"] / total > 0.6 and overall["yellow"] > overall["red"] > 0
    top_five = sorted(causes, key=causes.get, reverse=True)[:5]
    assert set(top_five) <= {"schedule", "resources_competences", "coordination_dependencies",
                             "supplier_management", "technical_solution", "business_case"}
    assert {"schedule", "supplier_management", "resources_competences"} <= set(top_five)


def test_demo_load_and_removal_leave_published_and_entered_rows_untouched(db):
    add_entered_rows(db)
    with db.connect() as conn:
        before = table_checksums(conn)
    load_demo_set(db)
    with db.connect() as conn:
        during = table_checksums(conn)
        demo_reports_on_published = conn.execute(sa.text(
            "SELECT count(*) FROM status_report s JOIN project p ON p.id = s.project_id"
            " WHERE s.provenance = 'demo' AND p.provenance = 'published'")).scalar()
    assert demo_reports_on_published > 0
    assert during["status_report"][0] > before["status_report"][0]
    with db.begin() as conn:
        deleted = remove_demo(conn)
    assert deleted["status_report"] > 0 and deleted["project"] == 11
    with db.connect() as conn:
        after = table_checksums(conn)
    for bookkeeping in ("data_version", "audit_log"):  # the audit trail keeps the load and the removal
        before.pop(bookkeeping), after.pop(bookkeeping)
    assert after == before


def _demo_content(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT p.slug, p.name, s.month, s.deliveries, s.time, s.money, s.resources, s.overall,"
            " s.deliveries_note, s.time_note, s.money_note, s.resources_note, s.time_cause, s.action,"
            " s.reported_by, s.reported_at FROM status_report s JOIN project p ON p.id = s.project_id"
            " ORDER BY p.slug, s.month")).all()


def test_demo_loading_is_deterministic(db):
    load_demo_set(db)
    first = _demo_content(db)
    with db.begin() as conn:
        remove_demo(conn)
    load_demo_set(db)
    assert _demo_content(db) == first


def test_demo_loads_once(db):
    load_demo_set(db)
    from dashboard.demo import load_demo

    with db.begin() as conn:
        assert load_demo(conn) is False


# --- figure 6 on the demo set, against an independent count ---------------------------------

@pytest.mark.parametrize("period", [(D(2022, 1, 1), D(2023, 12, 1)), (D(2022, 1, 1), D(2022, 12, 1)),
                                    (D(2023, 3, 1), D(2023, 8, 1))])
@pytest.mark.parametrize("parameter", ["overall", "time"])
def test_figure_6_shares_match_an_independent_count(db, period, parameter):
    load_demo_set(db)
    first, last = period
    with db.connect() as conn:
        frame = repository.status_distribution(conn, first, last, parameter)
        # Independently: plain counts per colour, the assessed set by a join, shares in Python.
        rows = conn.execute(sa.text(
            f"SELECT s.{parameter}::text, EXISTS (SELECT 1 FROM activity a WHERE a.project_id = s.project_id"
            "   AND a.type = 'risk_assessment' AND a.state = 'held' AND a.month <= :last)"
            " FROM status_report s WHERE s.month >= :first AND s.month <= :last"), {"first": first, "last": last}).all()
    for group, members in (("all", rows), ("assessed", [r for r in rows if r[1]])):
        for colour in ("green", "yellow", "red"):
            expected_count = sum(1 for r in members if r[0] == colour)
            got = frame[(frame["project_group"] == group) & (frame["colour"] == colour)].iloc[0]
            assert got["marks"] == expected_count
            assert got["share_pct"] == pytest.approx(100 * expected_count / len(members))
    assert frame.groupby("project_group")["share_pct"].sum().round(6).tolist() == [100.0, 100.0]


# --- causes, drill-down, warnings, changes ---------------------------------------------------

def test_drill_down_lists_exactly_the_marks_counted_in_figures_7_and_8(db):
    load_demo_set(db)
    first, last = D(2022, 1, 1), D(2023, 12, 1)
    with db.connect() as conn:
        causes = repository.status_causes(conn, first, last)
        for row in causes[causes["marks"] > 0].itertuples():
            rows = repository.status_cause_reports(conn, first, last, subcategory=row.subcategory, row_limit=1000)
            assert len(rows) == row.marks == rows["rows_total"].iloc[0]
            assert (rows["subcategory"] == row.subcategory).all()
            assert (rows["colour"] == "yellow").sum() == row.yellow
        area = repository.status_cause_reports(conn, first, last, focus_area="governance", row_limit=1000)
        assert len(area) == causes.loc[causes["focus_area"] == "governance", "marks"].sum()
        limited = repository.status_cause_reports(conn, first, last, subcategory="schedule", row_limit=5)
        assert len(limited) == 5 and limited["rows_total"].iloc[0] > 5


@pytest.fixture
def story(db):
    """Two entered projects with a known history (no demo data)."""
    who = "'entered', NULL, 'sekretariatet', now()"
    with db.begin() as conn:
        for slug in ("alfa", "beta"):
            conn.execute(sa.text(
                "INSERT INTO project (slug, name, state, is_rsi, provenance, source_ref, entered_by, entered_at)"
                f" VALUES (:slug, :name, 'ongoing', true, {who})"), {"slug": slug, "name": slug.title()})
        g, y, r = "green", "yellow", "red"
        for month, colours in ((1, (g, g, g, g)), (2, (g, y, g, g)), (3, (g, y, g, g)), (4, (g, y, r, g))):
            add_report(conn, "alfa", D(2023, month, 1), colours)
        for month in (1, 2):
            add_report(conn, "beta", D(2023, month, 1))
        add_report(conn, "beta", D(2022, 12, 1), (y, g, g, g))


def test_early_warnings(db, story):
    with db.connect() as conn:
        warnings = repository.status_warnings(conn, D(2023, 4, 1), min_run=3)
        by_kind = {k: set(part["slug"]) for k, part in warnings.groupby("kind")}
        assert by_kind == {"run": {"alfa"}, "worsened": {"alfa"}, "stale": {"beta"}}
        run = warnings[warnings["kind"] == "run"].iloc[0]
        assert run["run_months"] == 3 and run["run_start"].date() == D(2023, 2, 1)
        worsened = warnings[warnings["kind"] == "worsened"].iloc[0]
        assert (worsened["previous_colour"], worsened["colour"]) == ("yellow", "red")
        assert set(repository.status_warnings(conn, D(2023, 4, 1), min_run=4)["kind"]) == {"worsened", "stale"}
        # Time alone was yellow since February: a run, but not worse than March.
        time_only = repository.status_warnings(conn, D(2023, 4, 1), parameter="time", min_run=3)
        assert set(time_only["kind"]) == {"run", "stale"}
        # As of February nothing is stale yet and alfa has just turned yellow.
        february = repository.status_warnings(conn, D(2023, 2, 1), min_run=2)
        assert list(february["kind"]) == ["worsened"]
        # A completed project is not warned about after its end.
        conn.execute(sa.text("UPDATE project SET state = 'completed', end_month = '2023-02-01' WHERE slug = 'beta'"))
        assert "beta" not in set(repository.status_warnings(conn, D(2023, 4, 1))["slug"])


def test_changes_since_a_date(db, story):
    with db.connect() as conn:
        changes = repository.status_changes(conn, D(2023, 1, 10))
        got = [(r.slug, r.month.date(), r.previous_colour, r.colour, r.direction) for r in changes.itertuples()]
        assert got == [("alfa", D(2023, 4, 1), "yellow", "red", "worse"),
                       ("alfa", D(2023, 2, 1), "green", "yellow", "worse"),
                       ("beta", D(2023, 1, 1), "yellow", "green", "better")]
        assert repository.status_changes(conn, D(2023, 3, 10), parameter="time").empty
        assert len(repository.status_changes(conn, D(2023, 1, 10), project="beta")) == 1


def test_heatmap_pages_and_sorts_in_sql(db, story):
    with db.connect() as conn:
        critical = repository.status_heatmap(conn, D(2022, 12, 1), D(2023, 4, 1), sort="critical", page_size=1)
        assert set(critical["slug"]) == {"alfa"} and critical["projects_total"].iloc[0] == 2
        second = repository.status_heatmap(conn, D(2022, 12, 1), D(2023, 4, 1), sort="critical", page_size=1,
                                           page_offset=1)
        assert set(second["slug"]) == {"beta"} and len(second) == 3
        by_name = repository.status_heatmap(conn, D(2022, 12, 1), D(2023, 4, 1), sort="name", parameter="money")
        assert list(dict.fromkeys(by_name["slug"])) == ["alfa", "beta"]
        assert by_name.loc[by_name["month"] == "2023-04-01", "colour"].tolist() == ["red"]


# --- the synthetic set -----------------------------------------------------------------------

def test_synthetic_set_is_demo_and_loads_once(db):
    from dashboard.synthetic import generate_large

    with db.connect() as conn:
        before = table_checksums(conn)
    steps = []
    with db.begin() as conn:
        result = generate_large(conn, projects=40, months=30, recommendations=0,
                                progress=lambda what, done: steps.append(done))
    assert steps[-1] == 1.0 and steps == sorted(steps)
    with db.connect() as conn:
        counts = conn.execute(sa.text(
            "SELECT count(DISTINCT p.id), count(*), bool_and(s.provenance = 'demo' AND p.provenance = 'demo'),"
            " bool_and(p.name LIKE 'DEMO%'), min(s.month), max(s.month)"
            " FROM status_report s JOIN project p ON p.id = s.project_id")).one()
        assessed = conn.execute(sa.text(
            "SELECT count(*) FROM risk_assessment_result r JOIN activity a ON a.id = r.activity_id"
            " WHERE r.provenance = 'demo' AND a.state = 'held'")).scalar()
        assert conn.execute(sa.text("SELECT count(*) FROM seed_load WHERE name = 'synthetic'")).scalar() == 1
    assert counts[0] == 40 and counts[1] == result["status_reports"] and counts[2] and counts[3]
    assert counts[4] >= D(2019, 1, 1) and counts[5] <= D(2021, 6, 1)
    assert assessed == result["assessed"] > 0
    with pytest.raises(UserError):
        with db.begin() as conn:
            generate_large(conn, projects=5, months=3, recommendations=0)
    with db.begin() as conn:
        remove_demo(conn)
    with db.connect() as conn:
        after = table_checksums(conn)
    for bookkeeping in ("data_version", "audit_log"):  # the audit trail keeps the load and the removal
        before.pop(bookkeeping), after.pop(bookkeeping)
    assert after == before


def test_synth_command(db_url):
    from dashboard.cli import main

    assert main(["db", "synth", "--projects", "12", "--months", "6", "--recommendations", "0"]) == 0
    assert main(["db", "synth", "--projects", "12", "--months", "6", "--recommendations", "0"]) == 2
