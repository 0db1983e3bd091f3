-- The portfolio (report table 1 and the projects of table 2): one row per project with its
-- responsible organisations, latest risk profile and a summary of the council's activities.
WITH latest_profile AS (
    SELECT DISTINCT ON (a.project_id)
           a.project_id, r.profile, a.month AS assessed_month, r.complexity, r.risk
    FROM risk_assessment_result r
    JOIN activity a ON a.id = r.activity_id
    ORDER BY a.project_id, a.month DESC NULLS LAST
),
responsible AS (
    SELECT pr.project_id,
           string_agg(o.name, '; ' ORDER BY pr.position) AS responsible
    FROM project_responsible pr
    JOIN organisation o ON o.id = pr.organisation_id
    GROUP BY pr.project_id
),
activity_summary AS (
    SELECT project_id,
           count(*) FILTER (WHERE state = 'held') AS activities_held,
           count(*) FILTER (WHERE state <> 'held') AS activities_planned,
           max(month) FILTER (WHERE state = 'held') AS last_activity_month,
           string_agg(DISTINCT type::text, ';') AS activity_types,
           bool_or(provenance = 'demo') AS has_demo_activity
    FROM activity
    GROUP BY project_id
)
SELECT p.id AS project_id,
       p.slug,
       p.name,
       p.short_name,
       p.purpose,
       coalesce(r.responsible, '') AS responsible,
       p.state::text AS state,
       p.is_rsi,
       p.budget_mkr::float8 AS budget_mkr,
       lp.profile::text AS risk_profile,
       lp.assessed_month,
       lp.complexity::text AS complexity,
       lp.risk::text AS risk,
       coalesce(s.activities_held, 0)::int AS activities_held,
       coalesce(s.activities_planned, 0)::int AS activities_planned,
       s.last_activity_month,
       coalesce(s.activity_types, '') AS activity_types,
       p.status_text,
       p.status_date,
       p.end_month,
       p.provenance::text AS provenance,
       (p.provenance = 'demo' OR coalesce(s.has_demo_activity, false)) AS is_demo
FROM project p
LEFT JOIN responsible r ON r.project_id = p.id
LEFT JOIN latest_profile lp ON lp.project_id = p.id
LEFT JOIN activity_summary s ON s.project_id = p.id
ORDER BY (p.state IN ('ongoing', 'paused')) DESC, p.name;
