-- Every project (or the one with slug :slug; NULL = all) judged by the rule as of :judged_on
-- (screening_facts, migration 0071, which PostgreSQL inlines, so one project costs one project's
-- lookups), with what the screening lists show beside it: the responsible organisations, the next
-- planned or awaited assessment, and the latest nomination decided on or before the day.
WITH responsible AS (
    SELECT pr.project_id, string_agg(o.name, '; ' ORDER BY pr.position) AS responsible
    FROM project_responsible pr
    JOIN organisation o ON o.id = pr.organisation_id
    GROUP BY pr.project_id
),
next_assessment AS (
    SELECT DISTINCT ON (a.project_id)
           a.project_id, a.type::text AS next_type, a.month AS next_month, a.state::text AS next_state
    FROM activity a
    WHERE a.state IN ('planned', 'awaiting') AND a.type IN ('risk_assessment', 'sparring_or_assessment')
    ORDER BY a.project_id, a.month NULLS LAST, a.id
),
last_nomination AS (
    SELECT DISTINCT ON (n.project_id)
           n.project_id, n.decision::text AS nomination, n.decided_on AS nominated_on, n.decided_by AS nominated_by,
           n.provenance = 'demo' AS nomination_demo
    FROM nomination n
    WHERE n.decided_on <= CAST(:judged_on AS date)
    ORDER BY n.project_id, n.decided_on DESC, n.id DESC
)
SELECT p.slug,
       p.name,
       p.short_name,
       coalesce(r.responsible, '') AS responsible,
       p.state::text AS state,
       p.is_rsi,
       f.*,
       na.next_type,
       na.next_month,
       na.next_state,
       ln.nomination,
       ln.nominated_on,
       ln.nominated_by,
       (p.provenance = 'demo' OR f.facts_demo OR coalesce(ln.nomination_demo, false)) AS is_demo
FROM screening_facts(CAST(:judged_on AS date)) f
JOIN project p ON p.id = f.project_id
LEFT JOIN responsible r ON r.project_id = p.id
LEFT JOIN next_assessment na ON na.project_id = p.id
LEFT JOIN last_nomination ln ON ln.project_id = p.id
WHERE CAST(:slug AS text) IS NULL OR p.slug = CAST(:slug AS text)
ORDER BY p.name;
