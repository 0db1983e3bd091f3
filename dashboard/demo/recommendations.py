"""Demo recommendations: 105 invented recommendations over the ten risk assessments of 2020-2023.

The report publishes only figure 2's rounded shares (35 / 28 / 25 / 8 / 4 per cent of 105), not
the recommendations. No whole-number split of 105 rounds to all five shares: the counts that do
(37, 29, 26, 8, 4) add up to 104. The demo set uses the split nearest the published shares,
37 / 30 / 26 / 8 / 4 (dashboard.recommendations.check_rounding computes it), whose shares round
to 35 / 29 / 25 / 8 / 4: Governance is 28.6 % against the published 28 %, +0.6 percentage
points, and every other area rounds to its published share. The page says so.

Texts (dashboard/demo/recommendations.csv) follow what table 1 says each assessment concentrated
on; dates are the assessment's month; the follow-up (responsum, implementation, who and when) is
drawn from a fixed seed, as of the report's status date (March 2024). Every row is provenance
'demo', so ``itraad db demo --remove`` deletes exactly these.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from dashboard.db.seed import read_seed_csv
from dashboard.errors import UserError

TEXTS = Path(__file__).resolve().parent / "recommendations.csv"
SEED = 2023
AS_OF = dt.date(2024, 3, 15)            # the report's "Status pr. marts 2024"
RECORDED_BY = "Rådssekretariatet (demo)"


def texts() -> list[dict[str, str]]:
    """The 105 demo recommendations: project slug, subcategory code, text."""
    return read_seed_csv(TEXTS.name, TEXTS.parent)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def followup(rng: random.Random, month: dt.date, state: str, end_month: dt.date | None) -> dict:
    """A plausible responsum and implementation for a recommendation of an assessment in `month`,
    for a project in `state` (ongoing/completed/closed) that ended in `end_month`."""
    recent = month >= dt.date(2022, 11, 1)
    if recent and rng.random() < 0.08:
        return {"response": None, "response_date": None, "implementation": None,
                "implementation_date": None, "followup_by": None, "followup_at": None}
    response_date = _add_months(month, 1) + dt.timedelta(days=rng.randrange(0, 20))
    response = rng.choices(["accepted", "partly_accepted", "not_accepted"], weights=[78, 14, 8])[0]
    implementation = implementation_date = None
    if response != "not_accepted":
        last = min(AS_OF, end_month + dt.timedelta(days=27)) if end_month else AS_OF
        if state == "completed":
            implementation = rng.choices(["implemented", "dropped"], weights=[85, 15])[0]
        elif state == "closed":
            implementation = rng.choices(["dropped", "implemented"], weights=[75, 25])[0]
        else:
            implementation = rng.choices(["implemented", "in_progress", "not_started"], weights=[40, 42, 18])[0]
        span = max((last - response_date).days, 0)
        implementation_date = response_date + dt.timedelta(days=rng.randrange(0, span + 1))
    recorded = max(d for d in (response_date, implementation_date) if d is not None)
    return {
        "response": response, "response_date": response_date, "implementation": implementation,
        "implementation_date": implementation_date, "followup_by": RECORDED_BY,
        "followup_at": dt.datetime(recorded.year, recorded.month, recorded.day, 10, 0, tzinfo=dt.timezone.utc),
    }


def load(conn: sa.Connection, progress) -> int:
    """Insert the demo recommendations with their follow-up; return how many."""
    progress("anbefalinger", 0.0)
    assessments = {
        row.slug: row for row in conn.execute(sa.text(
            "SELECT p.slug, a.id AS activity_id, a.month, p.state::text AS state, p.end_month"
            " FROM activity a JOIN project p ON p.id = a.project_id"
            " WHERE a.type = 'risk_assessment' AND a.state = 'held' AND a.provenance = 'published'"))
    }
    per_project = Counter(r["project"] for r in texts())
    missing = sorted(set(per_project) - set(assessments))
    if missing:
        raise UserError("recommendations.demo_needs_assessments", projects=", ".join(missing))
    rng = random.Random(SEED)
    rows = []
    for item in texts():
        assessment = assessments[item["project"]]
        rows.append({"activity_id": assessment.activity_id, "subcategory": item["subcategory"], "text": item["text"],
                     **followup(rng, assessment.month, assessment.state, assessment.end_month)})
    conn.execute(sa.text(
        "INSERT INTO recommendation (activity_id, subcategory, text, provenance, response, response_date,"
        " implementation, implementation_date, followup_by, followup_at)"
        " VALUES (:activity_id, :subcategory, :text, 'demo', CAST(:response AS recommendation_response),"
        " :response_date, CAST(:implementation AS implementation_status), :implementation_date,"
        " :followup_by, :followup_at)"), rows)
    progress("anbefalinger", 1.0)
    return len(rows)
