-- "Ændringer siden": every status change reported on or after a date (the last council meeting):
-- a report whose colour (overall or the chosen parameter) differs from the project's previous
-- report. A project's first report is not a change. Newest first.
-- Params: since (date), parameter, project (slug or NULL), row_limit, include_demo (false: demo
-- reports and demo projects are left out, also as the previous report).
WITH recent AS (
    SELECT s.*,
           CASE CAST(:parameter AS text)
               WHEN 'deliveries' THEN s.deliveries WHEN 'time' THEN s.time
               WHEN 'money' THEN s.money WHEN 'resources' THEN s.resources ELSE s.overall END AS colour
    FROM status_report s
    WHERE s.reported_at >= CAST(:since AS date)
      AND (CAST(:project AS text) IS NULL OR s.project_id = (SELECT id FROM project WHERE slug = :project))
      AND (CAST(:include_demo AS boolean) OR (s.provenance <> 'demo'
           AND s.project_id NOT IN (SELECT id FROM project WHERE provenance = 'demo')))
),
changes AS (
    SELECT r.*, prev.month AS previous_month, prev.colour AS previous_colour
    FROM recent r
    CROSS JOIN LATERAL (
        SELECT b.month,
               CASE CAST(:parameter AS text)
                   WHEN 'deliveries' THEN b.deliveries WHEN 'time' THEN b.time
                   WHEN 'money' THEN b.money WHEN 'resources' THEN b.resources ELSE b.overall END AS colour
        FROM status_report b
        WHERE b.project_id = r.project_id AND b.month < r.month
          AND (CAST(:include_demo AS boolean) OR b.provenance <> 'demo')
        ORDER BY b.month DESC
        LIMIT 1) prev
    WHERE prev.colour <> r.colour
)
SELECT p.slug, p.name, c.month, c.reported_at, c.previous_month,
       c.previous_colour::text AS previous_colour, c.colour::text AS colour,
       CASE WHEN c.colour > c.previous_colour THEN 'worse' ELSE 'better' END AS direction,
       concat_ws('; ', CASE WHEN :parameter IN ('overall', 'deliveries') THEN c.deliveries_note END,
                       CASE WHEN :parameter IN ('overall', 'time') THEN c.time_note END,
                       CASE WHEN :parameter IN ('overall', 'money') THEN c.money_note END,
                       CASE WHEN :parameter IN ('overall', 'resources') THEN c.resources_note END) AS explanation,
       c.action::text AS action, c.reported_by,
       (c.provenance = 'demo' OR p.provenance = 'demo') AS is_demo,
       count(*) OVER ()::int AS rows_total,
       (count(*) FILTER (WHERE c.colour > c.previous_colour) OVER ())::int AS worse_total
FROM changes c
JOIN project p ON p.id = c.project_id
ORDER BY c.reported_at DESC, p.name
LIMIT :row_limit;
