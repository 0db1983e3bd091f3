-- The heatmap: projects by month for a period, coloured by the overall status or one parameter.
-- One page of projects at a time (the large set has thousands): projects are ranked in SQL, most
-- red and then most yellow months first ("critical") or by name, and only the page's reports are
-- read back, through the (project_id, month) index.
-- Params: period_from, period_to (months), parameter (overall|deliveries|time|money|resources),
-- project (slug or NULL), sort (critical|name), page_size, page_offset.
WITH marks AS (
    SELECT s.project_id,
           CASE CAST(:parameter AS text)
               WHEN 'deliveries' THEN s.deliveries WHEN 'time' THEN s.time
               WHEN 'money' THEN s.money WHEN 'resources' THEN s.resources ELSE s.overall END AS colour,
           s.provenance
    FROM status_report s
    WHERE s.month BETWEEN :period_from AND :period_to
      AND (CAST(:project AS text) IS NULL OR s.project_id = (SELECT id FROM project WHERE slug = :project))
),
ranked AS (
    SELECT m.project_id,
           count(*) FILTER (WHERE m.colour = 'red') AS red_months,
           count(*) FILTER (WHERE m.colour = 'yellow') AS yellow_months,
           count(*) AS months_reported
    FROM marks m
    GROUP BY m.project_id
),
page AS (
    SELECT r.*, p.slug, p.name, p.short_name, p.provenance AS project_provenance,
           count(*) OVER () AS projects_total,
           row_number() OVER (ORDER BY
               CASE WHEN CAST(:sort AS text) = 'critical' THEN r.red_months END DESC NULLS LAST,
               CASE WHEN CAST(:sort AS text) = 'critical' THEN r.yellow_months END DESC NULLS LAST,
               p.name) AS position
    FROM ranked r
    JOIN project p ON p.id = r.project_id
    ORDER BY position
    LIMIT :page_size OFFSET :page_offset
)
SELECT pg.position::int AS position, pg.slug, pg.name, pg.short_name, s.month,
       (CASE CAST(:parameter AS text)
           WHEN 'deliveries' THEN s.deliveries WHEN 'time' THEN s.time
           WHEN 'money' THEN s.money WHEN 'resources' THEN s.resources ELSE s.overall END)::text AS colour,
       concat_ws('; ', CASE WHEN :parameter IN ('overall', 'deliveries') THEN s.deliveries_note END,
                       CASE WHEN :parameter IN ('overall', 'time') THEN s.time_note END,
                       CASE WHEN :parameter IN ('overall', 'money') THEN s.money_note END,
                       CASE WHEN :parameter IN ('overall', 'resources') THEN s.resources_note END) AS explanation,
       pg.red_months::int AS red_months, pg.yellow_months::int AS yellow_months,
       pg.months_reported::int AS months_reported, pg.projects_total::int AS projects_total,
       (pg.project_provenance = 'demo' OR s.provenance = 'demo') AS is_demo
FROM page pg
JOIN status_report s ON s.project_id = pg.project_id AND s.month BETWEEN :period_from AND :period_to
ORDER BY pg.position, s.month;
