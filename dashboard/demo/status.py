"""Demo monthly status reports 2022-2023 (report section 7): 20 RSI projects, labelled DEMO.

The report says that 20 RSI projects reported status in 2022-2023 but publishes none of the
monthly data behind figures 6 to 8. This set stands in for it:

- the portfolio's RSI projects that plausibly reported in that period, each within its own life:
  a project completed in 2023-03 stops reporting then, one closed in 2021 does not report, and a
  project the report says was paused (PPJ) has a gap while it was paused;
- invented projects (provenance 'demo', "DEMO:" in the name) up to 20 reporting projects.

Every status report row has provenance 'demo', also on a published project, so
``itraad db demo --remove`` takes exactly these rows away. The patterns follow the report: most
months green, runs of yellow, some red, causes weighted toward tidsplan, ressourcer og
kompetencer, koordinering og afhængigheder, leverandørstyring and teknisk løsning. The stories of
the published projects follow their status texts in report table 1 (KIIT delayed, LUNA three
months late, the diagnostic programme closed in August 2023, ...). Deterministic: one fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import sqlalchemy as sa

from dashboard.demo import Progress
from dashboard.status.queries import month_add, months_between

SEED = 20_240_401
FIRST_MONTH = dt.date(2022, 1, 1)
LAST_MONTH = dt.date(2023, 12, 1)
PARAMETERS = ("deliveries", "time", "money", "resources")

# How often each subcategory is the cause of a random yellow/red episode: the report's most
# frequent causes first (section 7), a tail of the others.
CAUSE_WEIGHTS = {
    "schedule": 30, "resources_competences": 20, "coordination_dependencies": 15,
    "supplier_management": 13, "technical_solution": 11, "technical_requirements": 3,
    "organisation_control": 3, "test": 2, "stakeholders_communication": 2, "business_case": 1,
}
# The parameter a cause typically shows up on.
CAUSE_PARAMETERS = {
    "schedule": ("time",), "resources_competences": ("resources",),
    "coordination_dependencies": ("time", "deliveries"), "supplier_management": ("deliveries", "time", "money"),
    "technical_solution": ("deliveries", "time"), "technical_requirements": ("deliveries",),
    "organisation_control": ("resources", "deliveries"), "test": ("deliveries",),
    "stakeholders_communication": ("deliveries",), "business_case": ("money",), "purpose_scope": ("deliveries",),
}
# Explanations as a project would write them ({weeks}, {count} are filled in).
NOTES = {
    "schedule": [
        "Milepælen for idriftsættelse er forskudt {weeks} uger; en revideret tidsplan forelægges styregruppen.",
        "Tidsplanen er presset, fordi afklaringen af kravspecifikationen tog længere tid end planlagt.",
        "Afhængige aktiviteter i tidsplanen er forsinket; den kritiske vej er genberegnet.",
    ],
    "resources_competences": [
        "Nøglemedarbejdere inden for integration er fratrådt; rekruttering er i gang.",
        "Der mangler {count} fagpersoner fra regionerne til test og konfiguration i perioden.",
        "Projektet mangler arkitektkompetencer, indtil en ny løsningsarkitekt er på plads.",
    ],
    "coordination_dependencies": [
        "Projektet afventer leverancer fra et nationalt infrastrukturprojekt.",
        "Afhængigheden til regionernes fælles integrationsplatform er ikke afklaret.",
        "Koordineringen med de øvrige regioners udrulningsplaner har forsinket planlægningen.",
    ],
    "supplier_management": [
        "Leverandøren har meddelt en forsinkelse på {weeks} uger af næste release.",
        "Leverandørens leverancer lever ikke op til det aftalte kvalitetsniveau; der forhandles om afhjælpning.",
        "Uenighed med leverandøren om fortolkning af kontraktens krav; eskaleret til styregruppen.",
    ],
    "technical_solution": [
        "Ydelsesproblemer i testmiljøet; leverandøren analyserer årsagen.",
        "Integrationen til EPJ fejler under belastning og skal redesignes.",
        "Den valgte tekniske løsning kræver en ekstra sikkerhedsgodkendelse.",
    ],
    "technical_requirements": ["De tekniske krav til logning er skærpet og skal indarbejdes i løsningen."],
    "organisation_control": ["Projektorganiseringen er under omlægning efter skift af projektejer."],
    "test": ["{count} kritiske fejl fundet i slutbrugertesten skal rettes før idriftsættelse."],
    "stakeholders_communication": ["Klinikerne i to regioner efterspørger mere inddragelse før udrulning."],
    "business_case": ["Business casen genberegnes, fordi licensprisen er steget."],
    "purpose_scope": ["Scope er for bredt til den afsatte økonomi; fokusering drøftes i styregruppen."],
}


@dataclass(frozen=True)
class Episode:
    """A run of months in which one parameter is yellow or red for one cause."""
    start: dt.date
    end: dt.date
    parameter: str
    cause: str
    note: str
    colour: str = "yellow"
    red_from: dt.date | None = None     # escalates to red from this month on
    action: str = "back_on_plan"


@dataclass
class Reporter:
    """A project that reports monthly in the demo period."""
    slug: str
    first: dt.date
    last: dt.date
    episodes: list[Episode] = field(default_factory=list)
    gaps: tuple[tuple[dt.date, dt.date], ...] = ()   # months without a report (paused)
    trouble: float = 0.0                               # random episodes per year
    close_in_last_month: bool = False                  # the last report decides to close the project


def m(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def published_reporters() -> list[Reporter]:
    """The portfolio's RSI projects that reported in 2022-2023, with stories from report table 1.

    Not reporting: patologisystem (closed 2021-09), LIMS (started January 2024), the table-2-only
    projects (not known as RSI projects) and the two non-RSI projects (RIS/PACS, fravalg).
    """
    return [
        Reporter("apovision", m("2022-01"), LAST_MONTH, trouble=0.3, episodes=[
            Episode(m("2022-11"), m("2023-03"), "time", "schedule",
                    "Scope og tidsplan tydeliggøres efter it-rådets risikovurdering; en ny detailplan er under udarbejdelse.",
                    action="new_plan")]),
        Reporter("pseudonymisering", m("2023-01"), LAST_MONTH, trouble=0.5, episodes=[
            Episode(m("2023-05"), m("2023-08"), "resources", "resources_competences",
                    "Juridiske og tekniske ressourcer til afklaring af logningskravene er ikke på plads."),
            Episode(m("2023-12"), m("2023-12"), "time", "coordination_dependencies",
                    "Afklaringen af snitflader til regionernes logningsløsninger er forsinket; "
                    "it-rådets risikovurdering i april 2024 afventes.")]),
        Reporter("ppj", m("2022-01"), LAST_MONTH, gaps=((m("2023-02"), m("2023-06")),), trouble=0.3, episodes=[
            Episode(m("2022-11"), m("2023-01"), "deliveries", "supplier_management",
                    "Udbudsformen genovervejes efter risikovurderingen; projektet pauseres, mens den afklares.",
                    action="new_plan"),
            Episode(m("2023-07"), m("2023-10"), "time", "schedule",
                    "Projektet er genoptaget med et EU-udbud; tidsplanen er rebaselinet.", action="new_plan")]),
        Reporter("kiit", m("2022-01"), LAST_MONTH, trouble=0.5, episodes=[
            Episode(m("2022-06"), LAST_MONTH, "time", "supplier_management",
                    "Leverandørens udvikling af donormodulet er forsinket; revideret tidsplan afventes.",
                    red_from=m("2023-03"), action="new_plan"),
            Episode(m("2023-06"), LAST_MONTH, "money", "business_case",
                    "Forsinkelsen medfører merudgifter; revideret økonomi afventes.", action="new_plan")]),
        Reporter("diagnostisk-program", m("2022-01"), m("2023-08"), close_in_last_month=True, trouble=0.3, episodes=[
            Episode(m("2022-10"), m("2023-04"), "deliveries", "coordination_dependencies",
                    "Koordineringen mellem programmets mange initiativer og regionernes egne planer er vanskelig.",
                    action="new_plan"),
            Episode(m("2023-05"), m("2023-08"), "deliveries", "purpose_scope",
                    "Programmets scope er for bredt; it-rådet anbefaler at fokusere på et eller to initiativer.",
                    colour="red", action="new_plan")]),
        Reporter("luna", m("2022-01"), m("2023-03"), trouble=0.3, episodes=[
            Episode(m("2022-08"), m("2023-02"), "time", "supplier_management",
                    "Den regionale del af LUNA er forsinket ca. tre måneder på grund af leverandørens leverancer; "
                    "budgettet inkl. risikobuffer holder.", red_from=m("2022-11"), action="new_plan")]),
        Reporter("fut", m("2022-01"), m("2023-03"), trouble=0.2, episodes=[
            Episode(m("2022-05"), m("2022-05"), "resources", "resources_competences",
                    "Ferieafvikling i test- og udrulningsteamet presser bemandingen i maj.")]),
        Reporter("smr2", m("2022-01"), m("2023-03"), trouble=0.2, episodes=[
            Episode(m("2022-10"), m("2023-01"), "time", "coordination_dependencies",
                    "Adgangen til data afhænger af Sundhedsdatastyrelsens leverancer; en mindre forsinkelse ventes.")]),
        Reporter("labrek", m("2022-01"), m("2023-01"), trouble=0.1),
    ]


@dataclass(frozen=True)
class DemoProject:
    slug: str
    name: str
    short_name: str
    purpose: str
    responsible: str
    first: dt.date
    last: dt.date
    state: str = "ongoing"
    trouble: float = 1.2


# Invented RSI projects: 9 published reporters + 11 invented = the report's 20.
DEMO_PROJECTS = [
    DemoProject("demo-patienttransport", "DEMO: Fællesregional booking af patienttransport", "DEMO Patienttransport",
                "Invented demo project: one booking solution for non-emergency patient transport.",
                "Region Sjælland", m("2022-01"), LAST_MONTH),
    DemoProject("demo-hjemmemonitorering", "DEMO: Ny platform til hjemmemonitorering", "DEMO Hjemmemonitorering",
                "Invented demo project: a shared platform for home monitoring of chronic patients.",
                "Region Syddanmark", m("2022-01"), LAST_MONTH, trouble=1.8),
    DemoProject("demo-blodbank", "DEMO: Udskiftning af blodbankssystem", "DEMO Blodbank",
                "Invented demo project: replacing the regions' blood bank system.",
                "Region Hovedstaden", m("2022-03"), LAST_MONTH, trouble=2.0),
    DemoProject("demo-psykiatri-medicin", "DEMO: Fælles medicinhåndtering i psykiatrien", "DEMO Psykiatri-medicin",
                "Invented demo project: shared medication management in psychiatry.",
                "Region Midtjylland", m("2022-01"), m("2023-06"), state="completed", trouble=0.8),
    DemoProject("demo-tolkning", "DEMO: Digital tolkning på hospitaler", "DEMO Tolkning",
                "Invented demo project: video interpretation at the hospitals.",
                "Region Nordjylland", m("2022-05"), LAST_MONTH, trouble=0.6),
    DemoProject("demo-integrationsplatform", "DEMO: Regional integrationsplatform", "DEMO Integration",
                "Invented demo project: a common integration platform for the regions.",
                "Danske Regioner", m("2022-01"), LAST_MONTH, trouble=2.2),
    DemoProject("demo-talegenkendelse", "DEMO: Fællesregional talegenkendelse", "DEMO Talegenkendelse",
                "Invented demo project: speech recognition for clinical documentation.",
                "Region Midtjylland", m("2022-09"), LAST_MONTH),
    DemoProject("demo-sterilcentral", "DEMO: Nyt system til sterilcentraler", "DEMO Sterilcentral",
                "Invented demo project: tracking of instruments in the sterile services.",
                "Region Syddanmark", m("2022-01"), m("2023-09"), trouble=1.0),   # ongoing, but stopped reporting
    DemoProject("demo-genoptraening", "DEMO: Fælles løsning for ambulant genoptræning", "DEMO Genoptræning",
                "Invented demo project: planning of outpatient rehabilitation.",
                "Region Nordjylland", m("2023-02"), LAST_MONTH, trouble=1.0),
    DemoProject("demo-laboratorieportal", "DEMO: Modernisering af laboratorieportal", "DEMO Laboratorieportal",
                "Invented demo project: a modern portal for laboratory answers.",
                "Region Hovedstaden", m("2022-01"), LAST_MONTH, trouble=1.4),
    DemoProject("demo-ekstern-adgang", "DEMO: Sikker adgang for eksterne samarbejdspartnere", "DEMO Ekstern adgang",
                "Invented demo project: secure access to regional systems for external partners.",
                "Region Sjælland", m("2022-06"), LAST_MONTH, trouble=1.2),
]


def _note(rng: random.Random, cause: str) -> str:
    return rng.choice(NOTES[cause]).format(weeks=rng.randint(2, 10), count=rng.randint(2, 6))


def random_episodes(rng: random.Random, first: dt.date, last: dt.date, per_year: float) -> list[Episode]:
    """Yellow runs of 1-6 months, some escalating to red, at ``per_year`` episodes a year."""
    months = months_between(first, last)
    episodes = []
    expected = per_year * len(months) / 12
    count = int(expected) + (rng.random() < expected - int(expected))
    causes, weights = zip(*CAUSE_WEIGHTS.items())
    for _ in range(count):
        start = rng.choice(months)
        length = rng.choices((1, 2, 3, 4, 5, 6), weights=(30, 25, 20, 12, 8, 5))[0]
        end = min(month_add(start, length - 1), last)
        cause = rng.choices(causes, weights=weights)[0]
        red_from = month_add(start, rng.randint(1, 2)) if length >= 3 and rng.random() < 0.35 else None
        if red_from and red_from > end:
            red_from = None
        action = "new_plan" if (red_from or length >= 4) else "back_on_plan"
        episodes.append(Episode(start, end, rng.choice(CAUSE_PARAMETERS[cause]), cause, _note(rng, cause),
                                red_from=red_from, action=action))
    return episodes


_RANK = {"green": 0, "yellow": 1, "red": 2}


def report_rows(reporter: Reporter, project_id: int, reported_by: str, rng: random.Random) -> list[dict]:
    """One row per reporting month: the four colours, a cause and note per yellow/red parameter."""
    episodes = reporter.episodes + random_episodes(rng, reporter.first, reporter.last, reporter.trouble)
    rows = []
    for month in months_between(reporter.first, reporter.last):
        if any(a <= month <= b for a, b in reporter.gaps):
            continue
        row: dict = {"project_id": project_id, "month": month}
        worst_action = None
        for parameter in PARAMETERS:
            row[parameter], row[f"{parameter}_cause"], row[f"{parameter}_note"] = "green", None, None
        for ep in episodes:
            if not (ep.start <= month <= ep.end):
                continue
            colour = "red" if (ep.colour == "red" or (ep.red_from and month >= ep.red_from)) else "yellow"
            if _RANK[colour] > _RANK[row[ep.parameter]]:
                row[ep.parameter] = colour
                row[f"{ep.parameter}_cause"] = ep.cause
                row[f"{ep.parameter}_note"] = ep.note
            if worst_action is None or ep.action == "new_plan":
                worst_action = ep.action
        if reporter.close_in_last_month and month == reporter.last:
            worst_action = "close_project"
        all_green = all(row[p] == "green" for p in PARAMETERS)
        row["action"] = None if all_green else worst_action
        row["reported_by"] = reported_by
        # Reported in the first days of the following month, in office hours.
        following = month_add(month, 1)
        row["reported_at"] = dt.datetime(following.year, following.month, rng.randint(2, 9), rng.randint(8, 15),
                                         rng.choice((0, 15, 30, 45)), tzinfo=dt.timezone.utc)
        rows.append(row)
    return rows


def _insert_demo_projects(conn: sa.Connection) -> dict[str, int]:
    org_id = dict(conn.execute(sa.text("SELECT name, id FROM organisation")).all())
    ids = {}
    for p in DEMO_PROJECTS:
        ids[p.slug] = conn.execute(sa.text(
            "INSERT INTO project (slug, name, short_name, purpose, state, is_rsi, end_month, provenance)"
            " VALUES (:slug, :name, :short_name, :purpose, :state, true, :end_month, 'demo') RETURNING id"),
            {"slug": p.slug, "name": p.name, "short_name": p.short_name, "purpose": p.purpose, "state": p.state,
             "end_month": p.last if p.state != "ongoing" else None}).scalar_one()
        conn.execute(sa.text("INSERT INTO project_responsible (project_id, organisation_id, position)"
                             " VALUES (:p, :o, 1)"), {"p": ids[p.slug], "o": org_id[p.responsible]})
    return ids


INSERT_REPORT = sa.text(
    "INSERT INTO status_report (project_id, month, deliveries, time, money, resources,"
    " deliveries_cause, deliveries_note, time_cause, time_note, money_cause, money_note,"
    " resources_cause, resources_note, action, reported_by, reported_at, provenance)"
    " VALUES (:project_id, :month, :deliveries, :time, :money, :resources,"
    " :deliveries_cause, :deliveries_note, :time_cause, :time_note, :money_cause, :money_note,"
    " :resources_cause, :resources_note, :action, :reported_by, :reported_at, 'demo')")


def reporters(published_ids: dict[str, int], demo_ids: dict[str, int]) -> list[tuple[Reporter, int]]:
    out = [(r, published_ids[r.slug]) for r in published_reporters() if r.slug in published_ids]
    for p in DEMO_PROJECTS:
        out.append((Reporter(p.slug, p.first, p.last, trouble=p.trouble), demo_ids[p.slug]))
    return out


def load(conn: sa.Connection, progress: Progress) -> None:
    """Insert the demo projects and their monthly status reports (called by load_demo)."""
    progress("statusrapporter: demoprojekter", 0.0)
    rng = random.Random(SEED)
    published = dict(conn.execute(sa.text(
        "SELECT p.slug, p.id FROM project p WHERE p.provenance = 'published'")).all())
    demo_ids = _insert_demo_projects(conn)
    responsible = dict(conn.execute(sa.text(
        "SELECT p.slug, o.name FROM project p JOIN project_responsible pr ON pr.project_id = p.id AND pr.position = 1"
        " JOIN organisation o ON o.id = pr.organisation_id")).all())
    todo = reporters(published, demo_ids)
    for i, (reporter, project_id) in enumerate(todo):
        rows = report_rows(reporter, project_id, f"Projektleder, {responsible.get(reporter.slug, 'RSI')}", rng)
        if rows:
            conn.execute(INSERT_REPORT, rows)
        progress(f"statusrapporter: {reporter.slug}", 0.5 * (i + 1) / len(todo))
