"""Demo cases (part of ``itraad db demo``): three complete cases on demo projects, so that /sager,
/sag and /raadet show the whole process, which the report gives no data for.

Every row has provenance 'demo' (the activities and cases sit on "DEMO:" projects) and
``itraad db demo --remove`` deletes exactly these rows. The members are the published ones; no
published fact is changed. Deterministic: written out.

- DEMO Patienttransport: a closed risk assessment whose documents came on 25 March 2024, so the
  clock runs across Easter (letter 11 April 2024 = the 10th working day), with its team, letter,
  profile B, risks, response and both evaluations.
- DEMO Hjemmemonitorering: a closed sparring meeting (the shorter path) with the project's evaluation.
- DEMO Blodbank: an open risk assessment started across Christmas 2024 whose letter is overdue, and
  a member with an impartiality declaration for the project (not on the case).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard.demo import Progress

D = dt.date.fromisoformat

ASSESSORS = (("Demo Projektleder", "Region Midtjylland", "project_management"),
             ("Demo Arkitekt", "Region Nordjylland", "architecture"),
             ("Demo Økonom", "Region Sjælland", "economics"),
             ("Demo Jurist", "Region Hovedstaden", "law"))

CASES = [
    {"slug": "demo-patienttransport", "type": "risk_assessment", "month": "2024-04-01", "state": "closed",
     "requested_by": "rsi_group", "members": ("Jane Kraglund", "Lars Mathiesen"),
     "assessors": ("Demo Projektleder", "Demo Arkitekt", "Demo Økonom"),
     "steps": [("request", "2024-02-15", "2024-02-14", "RSI-kredsen"),
               ("documents_received", "2024-03-25", "2024-03-25", "Projektet"),
               ("startup_meeting", "2024-03-26", "2024-03-26", "Rådssekretariatet"),
               ("risk_workshop", "2024-04-02", "2024-04-02", "Vurderingsteamet"),
               ("pre_meeting", "2024-04-04", "2024-04-04", "Rådsmedlemmer og vurderingsteam"),
               ("dialogue_meeting", "2024-04-08", "2024-04-09", "Rådsmedlemmer, projektleder og styregruppeformand"),
               ("letter_sent", "2024-04-11", "2024-04-11", "Rådssekretariatet"),
               ("response_received", "2024-05-10", "2024-05-13", "Projektet"),
               ("reported_to_directors", "2024-06-01", "2024-06-04", "Rådssekretariatet"),
               ("evaluation_received", "2024-06-15", "2024-06-12", "Rådssekretariatet")],
     "letter": ("DEMO: Projektet er velforberedt, men tidsplanen for udrulning er ambitiøs og afhænger af "
                "leverandørens integrationer.",
                "DEMO: En trinvis udrulning med en pilotregion og en fast aftale om integrationstest vil kunne "
                "bringe profilen ned på C."),
     "profile": ("B", "high", "few", "{many_stakeholders,large_organisation,external_dependencies}",
                 "DEMO: Mange interessenter i fem regioner; få, men alvorlige afhængigheder."),
     "risks": [("schedule", "DEMO: Tidsplanen for udrulning i fem regioner er presset."),
               ("coordination_dependencies", "DEMO: Integrationer til kørselskontorernes systemer er ikke afklaret."),
               ("supplier_management", "DEMO: Leverandørens kapacitet i udrulningsfasen er usikker.")],
     "response": ("2024-05-13", "DEMO: Projektet følger anbefalingerne og indfører en pilotfase i Region Sjælland."),
     "evaluations": [("project", "2024-06-12", 4, 5, 4, "DEMO: Nyttigt dialogmøde."),
                     ("assessors", "2024-06-10", 5, 4, 4, "DEMO: Godt materiale fra projektet.")]},
    {"slug": "demo-hjemmemonitorering", "type": "sparring_meeting", "month": "2024-05-01", "state": "closed",
     "requested_by": "project", "members": ("Jens Schmidt", "Lilian Mogensen"), "assessors": (),
     "steps": [("sparring_planned", "2024-04-15", "2024-04-12", "Rådssekretariatet"),
               ("material_received", "2024-05-01", "2024-05-02", "Projektet"),
               ("meeting_held", "2024-05-08", "2024-05-08", "Rådsmedlemmer og projektet"),
               ("minutes_sent", "2024-05-15", "2024-05-14", "Rådssekretariatet")],
     "risks": [("business_case", "DEMO: Gevinsterne i kommunerne er ikke med i business casen.")],
     "evaluations": [("project", "2024-06-01", 4, 4, 5, "DEMO: Konkrete råd om scope.")]},
    {"slug": "demo-blodbank", "type": "risk_assessment", "month": "2024-12-01", "state": "open",
     "requested_by": "directors_group", "members": ("Jens Gordon Clausen", "Jens Schmidt"),
     "assessors": ("Demo Jurist", "Demo Arkitekt"),
     "steps": [("request", "2024-11-20", "2024-11-18", "Regionsdirektørkredsen"),
               ("documents_received", "2024-12-18", "2024-12-18", "Projektet"),
               ("startup_meeting", "2024-12-19", "2024-12-19", "Rådssekretariatet"),
               ("risk_workshop", "2025-01-02", "2025-01-03", "Vurderingsteamet"),
               ("pre_meeting", "2025-01-06", None, None),
               ("dialogue_meeting", "2025-01-07", None, None),
               ("letter_sent", "2025-01-08", None, None)],
     "risks": [("technical_solution", "DEMO: Datamigrering fra det gamle blodbankssystem er ikke testet.")],
     "declaration": ("Henning Voss", "2024-06-01", "DEMO: Medlem af projektets styregruppe.")},
]


def load(conn: sa.Connection, progress: Progress) -> None:
    """Insert the demo cases (a demo project missing from the database is skipped)."""
    if conn.execute(sa.text("SELECT to_regclass('assessment_case') IS NULL")).scalar():
        return
    progress("sager", 0.0)
    ids = dict(conn.execute(sa.text("SELECT slug, id FROM project")).all())
    members = dict(conn.execute(sa.text("SELECT name, id FROM council_member")).all())
    assessors = {}
    for name, organisation, field in ASSESSORS:
        assessors[name] = conn.execute(sa.text(
            "INSERT INTO assessor (name, organisation, field, provenance) VALUES (:n, :o, CAST(:f AS assessor_field),"
            " 'demo') ON CONFLICT (name, organisation) DO UPDATE SET field = EXCLUDED.field RETURNING id"),
            {"n": name, "o": organisation, "f": field}).scalar_one()
    for spec in CASES:
        if spec["slug"] not in ids:
            continue
        project = ids[spec["slug"]]
        activity = conn.execute(sa.text(
            "INSERT INTO activity (project_id, type, month, state, provenance) VALUES (:p, CAST(:t AS activity_type),"
            " :m, CAST(:s AS activity_state), 'demo') RETURNING id"),
            {"p": project, "t": spec["type"], "m": D(spec["month"]),
             "s": "held" if spec["state"] == "closed" else "planned"}).scalar_one()
        case = conn.execute(sa.text(
            "INSERT INTO assessment_case (activity_id, activity_type, state, requested_by, provenance)"
            " VALUES (:a, CAST(:t AS activity_type), CAST(:s AS case_state), CAST(:r AS case_requester), 'demo')"
            " RETURNING id"), {"a": activity, "t": spec["type"], "s": spec["state"], "r": spec["requested_by"]}
        ).scalar_one()
        for name in spec["members"]:
            if name in members:
                conn.execute(sa.text("INSERT INTO case_member (case_id, member_id, provenance) VALUES (:c, :m, 'demo')"),
                             {"c": case, "m": members[name]})
        for name in spec["assessors"]:
            conn.execute(sa.text("INSERT INTO case_assessor (case_id, assessor_id, provenance) VALUES (:c, :a, 'demo')"),
                         {"c": case, "a": assessors[name]})
        for step, planned, done, by in spec["steps"]:
            conn.execute(sa.text(
                "INSERT INTO case_step (case_id, step, planned_on, done_on, done_by, provenance)"
                " VALUES (:c, CAST(:s AS case_step_code), :p, :d, :b, 'demo')"),
                {"c": case, "s": step, "p": D(planned), "d": D(done) if done else None, "b": by})
        if "letter" in spec:
            conn.execute(sa.text("INSERT INTO case_letter (case_id, general_statement, lowering_advice, provenance)"
                                 " VALUES (:c, :g, :l, 'demo')"), {"c": case, "g": spec["letter"][0],
                                                                   "l": spec["letter"][1]})
        if "profile" in spec:
            profile, complexity, risk, criteria, judgement = spec["profile"]
            conn.execute(sa.text(
                "INSERT INTO risk_assessment_result (activity_id, profile, complexity, risk, criteria, judgement,"
                " provenance) VALUES (:a, CAST(:p AS risk_profile), CAST(:c AS complexity_level),"
                " CAST(:r AS risk_level), CAST(:k AS profile_criterion[]), :j, 'demo')"),
                {"a": activity, "p": profile, "c": complexity, "r": risk, "k": criteria, "j": judgement})
        for subcategory, text in spec.get("risks", ()):
            conn.execute(sa.text("INSERT INTO identified_risk (activity_id, subcategory, text, provenance)"
                                 " VALUES (:a, :s, :t, 'demo')"), {"a": activity, "s": subcategory, "t": text})
        if "response" in spec:
            conn.execute(sa.text("INSERT INTO case_response (case_id, received_on, summary, provenance)"
                                 " VALUES (:c, :d, :s, 'demo')"),
                         {"c": case, "d": D(spec["response"][0]), "s": spec["response"][1]})
        for respondent, day, process, output, value, comment in spec.get("evaluations", ()):
            conn.execute(sa.text(
                "INSERT INTO case_evaluation (case_id, respondent, received_on, score_process, score_output,"
                " score_value, comment, provenance) VALUES (:c, CAST(:r AS evaluation_respondent), :d, :p, :o, :v,"
                " :t, 'demo')"), {"c": case, "r": respondent, "d": D(day), "p": process, "o": output, "v": value,
                                  "t": comment})
        if "declaration" in spec and spec["declaration"][0] in members:
            name, start, reason = spec["declaration"]
            conn.execute(sa.text(
                "INSERT INTO impartiality_declaration (member_id, project_id, reason, declared_from, provenance)"
                " VALUES (:m, :p, :r, :f, 'demo')"), {"m": members[name], "p": project, "r": reason, "f": D(start)})
    progress("sager", 1.0)
