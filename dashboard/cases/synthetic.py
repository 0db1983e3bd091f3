"""Cases for the large synthetic benchmark set (``itraad db synth``, dashboard.synthetic): one case
for every synthetic activity, with two of the published members and figure 10's steps.

An activity whose month is well in the past gets a closed case with every step done (the letter on
or a little after the clock's 10th working day); a recent or future one an open case with planned
steps, some of them overdue, so that /sager and "Kommende frister" have work to do. Rows have
provenance 'demo' (the projects say DEMO in their names) and go with ``itraad db demo --remove``.
Deterministic for a seed and a day; streamed with COPY.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from dashboard.cases import clock, vocab
from dashboard.screening.synthetic import _copy

DAY = dt.timedelta(days=1)


def _steps(rng: random.Random, month: dt.date, today: dt.date) -> tuple[str, list[tuple[str, dt.date, dt.date | None]]]:
    documents = month + rng.randint(0, 6) * DAY
    due = clock.letter_due(documents)
    plan = {
        "request": max(documents - rng.randint(20, 45) * DAY, dt.date(2019, 1, 1)),
        "documents_received": documents,
        "startup_meeting": documents + rng.randint(1, 2) * DAY,
        "risk_workshop": documents + rng.randint(4, 6) * DAY,
        "pre_meeting": documents + rng.randint(8, 9) * DAY,
        "dialogue_meeting": documents + rng.randint(10, 12) * DAY,
        "letter_sent": due,
        "response_received": due + rng.randint(20, 40) * DAY,
        "reported_to_directors": due + rng.randint(45, 60) * DAY,
        "evaluation_received": due + rng.randint(60, 80) * DAY,
    }
    closed = plan["evaluation_received"] + 10 * DAY <= today
    steps, last = [], None
    for step in vocab.ASSESSMENT_STEPS:
        planned = plan[step]
        done = planned + rng.choice((0, 0, 0, 1, 2, 4)) * DAY if (closed or planned + 3 * DAY < today) else None
        if done is not None and (done > today or (last is not None and done < last)):
            done = None
        if done is None and not closed:
            steps.append((step, planned, None))
            last = dt.date.max     # nothing after an undone step is done
            continue
        last = done or last
        steps.append((step, planned, done))
    return ("closed" if closed else "open"), steps


def generate(conn: sa.Connection, seed: int, today: dt.date | None = None) -> dict[str, int]:
    """Cases for every synthetic activity (projects syntetisk-*) on ``conn``; returns the row counts."""
    if conn.execute(sa.text("SELECT to_regclass('assessment_case') IS NULL")).scalar():
        return {"cases": 0, "case_steps": 0}
    today = today or dt.date.today()
    rng = random.Random(seed + 13)
    activities = conn.execute(sa.text(
        "SELECT a.id, a.type::text AS type, a.month FROM activity a JOIN project p ON p.id = a.project_id"
        " WHERE p.slug LIKE 'syntetisk-%' AND a.month IS NOT NULL"
        " AND a.type IN ('risk_assessment', 'revisit') ORDER BY a.id")).all()
    members = list(conn.execute(sa.text("SELECT id FROM council_member ORDER BY id")).scalars())
    plans = [(a, *_steps(rng, a.month, today)) for a in activities]
    _copy(conn, "assessment_case", ("activity_id", "activity_type", "state", "provenance"),
          ((a.id, a.type, state, "demo") for a, state, _ in plans))
    case_of = dict(conn.execute(sa.text(
        "SELECT c.activity_id, c.id FROM assessment_case c JOIN activity a ON a.id = c.activity_id"
        " JOIN project p ON p.id = a.project_id WHERE p.slug LIKE 'syntetisk-%'")).all())
    if len(members) >= 2:
        _copy(conn, "case_member", ("case_id", "member_id", "provenance"),
              ((case_of[a.id], m, "demo") for a, _, _ in plans for m in rng.sample(members, 2)))
    rows = [(case_of[a.id], step, planned, done, "demo") for a, _, steps in plans for step, planned, done in steps]
    _copy(conn, "case_step", ("case_id", "step", "planned_on", "done_on", "provenance"), rows)
    return {"cases": len(plans), "case_steps": len(rows)}
