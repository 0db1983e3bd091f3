"""Synthetic recommendations for the large benchmark set (issue 7): many rows, fast, deterministic.

``generate(conn, count, seed)`` attaches ``count`` recommendations (provenance 'demo') to the held
risk assessments already in the database, in one INSERT ... SELECT over generate_series. Texts and
subcategories are drawn from the 105 demo recommendations, so the focus areas keep figure 2's
proportions and the texts are real Danish for the full-text search; the follow-up (responsum,
implementation, dates) is drawn per row. Every draw is a hash of (row number, seed), so the same
seed on the same assessments gives the same rows, whatever the plan or parallelism.
"""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.demo.recommendations import texts

# A second sentence some recommendations carry, so texts vary in length and wording.
FOLLOW_UP_SENTENCES = (
    "Følg op på anbefalingen i styregruppen.",
    "Beskriv ansvaret for opgaven i projektgrundlaget.",
    "Afrapportér status på anbefalingen til RSI-kredsen.",
    "Inddrag erfaringerne fra tidligere fællesregionale projekter.",
    "Beskriv, hvordan handlingen nedbringer projektets risici.",
)

_INSERT = sa.text("""
WITH assessments AS (
    SELECT array_agg(id ORDER BY id) AS ids, array_agg(month ORDER BY id) AS months,
           max(month) AS last_month, count(*) AS n
    FROM activity WHERE type = 'risk_assessment' AND state = 'held'
), templates AS (
    SELECT CAST(:subcategories AS text[]) AS subcategories, CAST(:texts AS text[]) AS texts,
           CAST(:sentences AS text[]) AS sentences
), draws AS (
    SELECT g AS i,
           abs(hashint8extended(g, :seed)) AS h_assessment,
           abs(hashint8extended(g, :seed + 1)) AS h_template,
           abs(hashint8extended(g, :seed + 2)) % 1000 AS h_response,
           abs(hashint8extended(g, :seed + 3)) % 1000 AS h_implementation,
           abs(hashint8extended(g, :seed + 4)) AS h_days,
           abs(hashint8extended(g, :seed + 5)) % 1000 AS h_sentence
    FROM generate_series(1, CAST(:count AS int)) AS g
), picked AS (
    SELECT d.*, a.ids[1 + d.h_assessment % a.n] AS activity_id, a.months[1 + d.h_assessment % a.n] AS month,
           a.last_month, 1 + d.h_template % cardinality(t.texts) AS template
    FROM draws d CROSS JOIN assessments a CROSS JOIN templates t
    WHERE a.n > 0
), followed AS (
    SELECT p.*,
           CASE WHEN h_response < 60 THEN NULL
                WHEN h_response < 800 THEN 'accepted'
                WHEN h_response < 920 THEN 'partly_accepted'
                ELSE 'not_accepted' END AS response,
           (p.month + interval '1 month')::date + (h_days % 20)::int AS response_date
    FROM picked p
)
INSERT INTO recommendation (activity_id, subcategory, text, provenance, source_ref, response, response_date,
                            implementation, implementation_date, followup_by, followup_at)
SELECT f.activity_id, t.subcategories[f.template],
       CASE WHEN f.h_sentence < 300 THEN t.texts[f.template] || ' ' || t.sentences[1 + f.h_sentence % cardinality(t.sentences)]
            ELSE t.texts[f.template] END,
       'demo', 'Syntetisk datasæt (seed ' || CAST(:seed AS text) || ')',
       CAST(f.response AS recommendation_response), f.response_date,
       CAST(f.implementation AS implementation_status), f.implementation_date,
       CASE WHEN f.response IS NOT NULL THEN 'Rådssekretariatet (syntetisk)' END,
       (coalesce(f.implementation_date, f.response_date) + time '10:00') AT TIME ZONE 'UTC'
FROM (
    SELECT fo.i, fo.activity_id, fo.template, fo.h_sentence, fo.response, fo.implementation,
           CASE WHEN fo.response IS NOT NULL THEN fo.response_date END AS response_date,
           -- within 200 days of the response, but not later than half a year after the newest assessment
           CASE WHEN fo.implementation IS NOT NULL
                THEN greatest(fo.response_date, least(fo.response_date + (fo.h_days / 20 % 200)::int,
                                                      (fo.last_month + interval '6 months')::date)) END
               AS implementation_date
    FROM (
        SELECT fl.*,
               CASE WHEN fl.response IS NULL OR fl.response = 'not_accepted' THEN NULL
                    WHEN fl.h_implementation < 450 THEN 'implemented'
                    WHEN fl.h_implementation < 750 THEN 'in_progress'
                    WHEN fl.h_implementation < 900 THEN 'not_started'
                    ELSE 'dropped' END AS implementation
        FROM followed fl
    ) fo
) f CROSS JOIN templates t
ORDER BY f.i
""")


def generate(conn: sa.Connection, count: int, seed: int) -> int:
    """Insert ``count`` synthetic recommendations on the held risk assessments; return how many
    were inserted (0 when the database has no held risk assessment)."""
    items = texts()
    result = conn.execute(_INSERT, {
        "count": count, "seed": seed,
        "subcategories": [r["subcategory"] for r in items], "texts": [r["text"] for r in items],
        "sentences": list(FOLLOW_UP_SENTENCES),
    })
    return result.rowcount
