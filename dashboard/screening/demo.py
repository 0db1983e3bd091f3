"""Demo project facts (part of ``itraad db demo``): types, phases, budgets and nominations for the
screening page and figures 4 and 5, which the report gives no data for.

Every row has provenance 'demo' and ``itraad db demo --remove`` deletes exactly these rows. A fact
the report states is never replaced: a project whose type is published keeps its row (and its
unrecorded development), and demo phases lie before the published end of a project. The budgets of
the published projects are invented but follow their status texts (KIIT delayed and more
expensive, LABREK 60 mio. kr. under its baseline and three years early). Deterministic: written out.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard.demo import Progress

D = dt.date.fromisoformat

# slug -> (scope, development) for projects without a published type.
TYPES = {
    "pseudonymisering": ("joint_regional", "new_development"),
    "smr2": ("cross_public", "substantial_adaptation"),
    "vederlagsfri-medicin": ("joint_regional", "new_development"),
    "hudkraeftdiagnostik": ("regional", "new_development"),
    "automatisering-i-klinikken": ("joint_regional", "substantial_adaptation"),
    "112-alarmsystem": ("joint_regional", "new_development"),
    "demo-patienttransport": ("joint_regional", "new_development"),
    "demo-hjemmemonitorering": ("cross_public", "new_development"),
    "demo-blodbank": ("joint_regional", "substantial_adaptation"),
    "demo-psykiatri-medicin": ("joint_regional", "neither"),
    "demo-tolkning": ("regional", "new_development"),
    "demo-integrationsplatform": ("regional", "substantial_adaptation"),
    "demo-talegenkendelse": ("joint_regional", "substantial_adaptation"),
    "demo-sterilcentral": ("joint_regional", None),
    "demo-genoptraening": ("joint_regional", "new_development"),
    "demo-laboratorieportal": ("joint_regional", "substantial_adaptation"),
    "demo-ekstern-adgang": ("cross_public", "new_development"),
}

# slug -> [(phase, began)]; the published projects' last phases (drift/lukket) are published already.
PHASES = {
    "apovision": [("idea", "2021-03-01"), ("analysis", "2022-06-01"), ("procurement", "2023-04-03"),
                  ("realisation", "2023-10-02")],
    "pseudonymisering": [("idea", "2022-03-01"), ("analysis", "2023-01-16")],
    "fravalg-af-genoplivning": [("analysis", "2022-05-02"), ("realisation", "2023-06-01")],
    "ris-pacs-hovedstaden": [("analysis", "2021-01-04"), ("procurement", "2021-10-01"), ("realisation", "2022-12-01")],
    "ppj": [("idea", "2021-06-01"), ("analysis", "2022-02-01"), ("procurement", "2022-10-03")],
    "kiit": [("analysis", "2019-09-02"), ("procurement", "2020-09-01"), ("realisation", "2021-09-01")],
    "diagnostisk-program": [("idea", "2021-11-01"), ("analysis", "2022-09-01")],
    "luna": [("analysis", "2019-06-03"), ("procurement", "2020-01-06"), ("realisation", "2020-10-01")],
    "fut": [("analysis", "2021-02-01"), ("realisation", "2021-11-01")],
    "smr2": [("analysis", "2020-09-01"), ("realisation", "2021-06-01")],
    "patologisystem": [("idea", "2019-05-01"), ("analysis", "2020-03-02")],
    "labrek": [("analysis", "2019-10-01"), ("procurement", "2020-10-01"), ("realisation", "2021-06-01")],
    "vederlagsfri-medicin": [("idea", "2023-04-03"), ("analysis", "2024-01-15")],
    "hudkraeftdiagnostik": [("idea", "2023-09-01")],
    "automatisering-i-klinikken": [("idea", "2023-11-01")],
    "lims-patologi": [("idea", "2024-01-15"), ("analysis", "2024-03-01")],
    "112-alarmsystem": [("idea", "2023-06-01"), ("analysis", "2024-02-01")],
    "demo-patienttransport": [("idea", "2020-02-03"), ("analysis", "2020-09-01"), ("procurement", "2021-05-03"),
                              ("realisation", "2022-01-03")],
    "demo-hjemmemonitorering": [("analysis", "2021-01-04"), ("realisation", "2021-10-01")],
    "demo-blodbank": [("idea", "2021-03-01"), ("analysis", "2021-10-01"), ("procurement", "2022-04-01"),
                      ("realisation", "2023-01-02")],
    "demo-psykiatri-medicin": [("analysis", "2021-02-01"), ("realisation", "2021-11-01"), ("ended", "2023-06-01")],
    "demo-tolkning": [("analysis", "2021-11-01"), ("realisation", "2022-05-02")],
    "demo-integrationsplatform": [("analysis", "2021-06-01"), ("realisation", "2022-01-03")],
    "demo-talegenkendelse": [("idea", "2022-05-02"), ("analysis", "2023-02-01")],
    "demo-sterilcentral": [("analysis", "2021-05-03"), ("realisation", "2022-01-03")],
    "demo-genoptraening": [("idea", "2022-09-01")],
    "demo-laboratorieportal": [("analysis", "2022-11-01"), ("procurement", "2023-08-01")],
    "demo-ekstern-adgang": [("analysis", "2022-01-03"), ("realisation", "2022-11-01")],
}

# slug -> [(kind, as_of, amount, regional share, start, end, source)]
BUDGETS = {
    "apovision": [("baseline", "2022-11-15", 28, None, "2023-01-02", "2025-06-30", "DEMO: projektgrundlag")],
    "pseudonymisering": [("estimate", "2023-11-01", 14, None, "2024-06-03", "2026-06-30", "DEMO: business case")],
    "fravalg-af-genoplivning": [("baseline", "2022-10-03", 45, 12, "2023-01-02", "2025-12-31",
                                 "DEMO: projektgrundlag")],
    "ris-pacs-hovedstaden": [("baseline", "2021-09-01", 180, None, "2022-01-03", "2025-12-31", "DEMO: projektgrundlag")],
    "ppj": [("baseline", "2022-09-15", 8, None, "2023-01-02", "2025-12-31", "DEMO: projektgrundlag"),
            ("estimate", "2024-02-01", 16, None, None, "2026-06-30", "DEMO: statusrapport (EU-udbud)")],
    "kiit": [("baseline", "2020-05-04", 35, None, "2020-10-01", "2023-06-30", "DEMO: projektgrundlag"),
             ("estimate", "2024-01-15", 52, None, None, "2025-06-30", "DEMO: statusrapport")],
    "diagnostisk-program": [("estimate", "2022-12-01", 120, None, "2023-01-02", "2027-12-31", "DEMO: programplan")],
    "luna": [("baseline", "2020-03-02", 95, None, "2020-06-01", "2022-12-31", "DEMO: projektgrundlag"),
             ("estimate", "2022-06-01", 95, None, None, "2023-03-31", "DEMO: statusrapport")],
    "fut": [("baseline", "2021-08-02", 60, 25, "2021-10-01", "2023-03-31", "DEMO: projektgrundlag")],
    "smr2": [("baseline", "2021-02-01", 24, 14, "2021-04-01", "2022-12-31", "DEMO: projektgrundlag"),
             ("estimate", "2022-09-01", 24, 14, None, "2023-03-31", "DEMO: statusrapport")],
    "patologisystem": [("estimate", "2020-12-01", 150, None, "2021-06-01", "2025-12-31", "DEMO: business case")],
    "labrek": [("baseline", "2020-07-01", 180, None, "2020-09-01", "2026-01-31", "DEMO: projektgrundlag"),
               ("estimate", "2022-06-01", 120, None, None, "2023-01-31", "DEMO: statusrapport")],
    "vederlagsfri-medicin": [("estimate", "2024-02-01", 9.5, None, None, None, "DEMO: idéoplæg")],
    "hudkraeftdiagnostik": [("estimate", "2024-01-10", 6, None, None, None, "DEMO: idéoplæg")],
    "lims-patologi": [("estimate", "2024-03-01", 65, None, "2025-01-02", "2028-12-31", "DEMO: handleplan")],
    "112-alarmsystem": [("estimate", "2024-02-15", 40, None, "2024-09-02", "2027-06-30", "DEMO: business case")],
    "demo-patienttransport": [("baseline", "2021-04-01", 38, None, "2021-06-01", "2024-06-28", "DEMO: projektgrundlag"),
                              ("estimate", "2023-06-01", 44, None, None, "2024-12-31", "DEMO: statusrapport")],
    "demo-hjemmemonitorering": [("baseline", "2021-08-02", 70, 9, "2021-10-01", "2024-09-30", "DEMO: projektgrundlag"),
                                ("estimate", "2023-09-01", 72, 10, None, "2024-12-31", "DEMO: statusrapport")],
    "demo-blodbank": [("baseline", "2022-03-01", 9.5, None, "2022-05-02", "2024-12-31", "DEMO: projektgrundlag"),
                      ("estimate", "2023-11-01", 12, None, None, "2025-06-30", "DEMO: statusrapport")],
    "demo-psykiatri-medicin": [("baseline", "2021-10-01", 25, None, "2021-11-01", "2023-06-30", "DEMO: projektgrundlag")],
    "demo-tolkning": [("baseline", "2022-04-01", 6, None, "2022-05-02", "2024-12-31", "DEMO: projektgrundlag")],
    "demo-integrationsplatform": [("baseline", "2021-12-01", 80, None, "2022-01-03", "2026-12-31",
                                   "DEMO: projektgrundlag")],
    "demo-talegenkendelse": [("estimate", "2023-03-01", 18, None, "2023-09-01", "2025-12-31", "DEMO: business case")],
    "demo-sterilcentral": [("baseline", "2021-12-01", 30, None, "2022-01-03", "2024-06-28", "DEMO: projektgrundlag")],
    "demo-laboratorieportal": [("baseline", "2023-07-03", 7, None, "2023-09-01", "2025-03-31",
                                "DEMO: projektgrundlag")],
    "demo-ekstern-adgang": [("baseline", "2022-10-03", 35, 15, "2022-11-01", "2025-06-30", "DEMO: projektgrundlag")],
}

# slug -> [(decision, grounds, decided_by, decided_on, note)]
NOMINATIONS = {
    "pseudonymisering": [("nominated", "rule", "RSI-kredsen", "2023-02-15",
                          "DEMO: risikovurdering i analysefasen, forventet april 2024.")],
    "lims-patologi": [("nominated", "rule", "RSI-kredsen", "2024-03-20", "DEMO: sparring eller risikovurdering i 2024.")],
    "demo-talegenkendelse": [("nominated", "rule", "RSI-kredsen", "2023-04-20", None)],
    "demo-laboratorieportal": [("not_nominated", None, "Rådssekretariatet", "2023-09-01",
                                "DEMO: under beløbsgrænsen; sparringsmøde tilbudt.")],
}


def load(conn: sa.Connection, progress: Progress) -> None:
    """Insert the demo facts (projects missing from the database, e.g. a deleted one, are skipped)."""
    ids = dict(conn.execute(sa.text("SELECT slug, id FROM project")).all())
    typed = set(conn.execute(sa.text("SELECT project_id FROM project_type")).scalars())
    progress("projektfakta", 0.0)
    rows = [{"p": ids[slug], "s": scope, "d": development} for slug, (scope, development) in TYPES.items()
            if slug in ids and ids[slug] not in typed]
    if rows:
        conn.execute(sa.text(
            "INSERT INTO project_type (project_id, scope, development, provenance)"
            " VALUES (:p, CAST(:s AS project_scope), CAST(:d AS development_kind), 'demo')"), rows)
    rows = [{"p": ids[slug], "ph": phase, "b": D(began)} for slug, phases in PHASES.items() if slug in ids
            for phase, began in phases]
    if rows:
        conn.execute(sa.text(
            "INSERT INTO project_phase (project_id, phase, began_on, provenance)"
            " VALUES (:p, CAST(:ph AS project_phase_code), :b, 'demo') ON CONFLICT (project_id, phase) DO NOTHING"),
            rows)
    progress("projektfakta", 0.5)
    rows = [{"p": ids[slug], "k": kind, "a": D(as_of), "m": amount, "s": share, "st": start and D(start),
             "en": end and D(end), "src": source}
            for slug, figures in BUDGETS.items() if slug in ids
            for kind, as_of, amount, share, start, end, source in figures]
    if rows:
        conn.execute(sa.text(
            "INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, regional_share_mkr, start_on, end_on,"
            " source, provenance) VALUES (:p, CAST(:k AS budget_figure_kind), :a, :m, :s, :st, :en, :src, 'demo')"),
            rows)
    rows = [{"p": ids[slug], "d": decision, "g": grounds, "by": by, "on": D(on), "n": note}
            for slug, decisions in NOMINATIONS.items() if slug in ids for decision, grounds, by, on, note in decisions]
    if rows:
        conn.execute(sa.text(
            "INSERT INTO nomination (project_id, decision, grounds, decided_by, decided_on, note, provenance)"
            " VALUES (:p, CAST(:d AS nomination_decision), CAST(:g AS nomination_grounds), :by, :on, :n, 'demo')"),
            rows)
    progress("projektfakta", 1.0)
