-- Report figure 6: the share of green, yellow and red status marks (project-months) in a period,
-- for all reporting RSI projects and for those the council has risk-assessed, side by side.
-- "Risk-assessed" = the project had a held risk assessment no later than the period's last month.
-- Every group and colour is returned, with 0 where there are none.
-- The reports are first counted per project and colour (one pass over the period), so the rest
-- works on at most three rows per project.
-- Params: period_from, period_to, parameter, project (slug or NULL), include_demo (false: no demo
-- report and no demo project counts, as in the documents of dashboard/reports).
WITH assessed AS (
    SELECT DISTINCT a.project_id
    FROM activity a
    WHERE a.type = 'risk_assessment' AND a.state = 'held' AND a.month <= :period_to
),
per_project AS (
    SELECT s.project_id,
           CASE CAST(:parameter AS text)
               WHEN 'deliveries' THEN s.deliveries WHEN 'time' THEN s.time
               WHEN 'money' THEN s.money WHEN 'resources' THEN s.resources ELSE s.overall END AS colour,
           count(*) AS marks,
           bool_or(s.provenance = 'demo') AS demo_reports
    FROM status_report s
    WHERE s.month BETWEEN :period_from AND :period_to
      AND (CAST(:project AS text) IS NULL OR s.project_id = (SELECT id FROM project WHERE slug = :project))
      AND (CAST(:include_demo AS boolean) OR (s.provenance <> 'demo'
           AND s.project_id NOT IN (SELECT id FROM project WHERE provenance = 'demo')))
    GROUP BY 1, 2
),
grouped AS (
    SELECT g.project_group, pp.project_id, pp.colour, pp.marks, (pp.demo_reports OR p.provenance = 'demo') AS is_demo
    FROM per_project pp
    JOIN project p ON p.id = pp.project_id
    CROSS JOIN LATERAL (VALUES ('all'),
                               (CASE WHEN pp.project_id IN (SELECT project_id FROM assessed) THEN 'assessed' END))
        AS g(project_group)
    WHERE g.project_group IS NOT NULL
),
sizes AS (
    SELECT project_group, count(DISTINCT project_id) AS projects, bool_or(is_demo) AS is_demo
    FROM grouped
    GROUP BY project_group
),
counts AS (
    SELECT project_group, colour, sum(marks) AS marks
    FROM grouped
    GROUP BY project_group, colour
)
SELECT g.project_group, c.colour::text AS colour,
       coalesce(n.marks, 0)::int AS marks,
       coalesce(100.0 * n.marks / nullif(sum(n.marks) OVER (PARTITION BY g.project_group), 0), 0)::float8 AS share_pct,
       coalesce(z.projects, 0)::int AS projects,
       coalesce(z.is_demo, false) AS is_demo
FROM (VALUES ('all', 1), ('assessed', 2)) AS g(project_group, group_position)
CROSS JOIN unnest(enum_range(NULL::status_colour)) AS c(colour)
LEFT JOIN counts n ON n.project_group = g.project_group AND n.colour = c.colour
LEFT JOIN sizes z ON z.project_group = g.project_group
ORDER BY g.group_position, c.colour;
