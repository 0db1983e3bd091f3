-- Projects that need attention now: the latest monthly status of every ongoing or paused
-- project whose overall colour is yellow or red, worst first, with its causes.
-- The latest report is found per project through the (project_id, month) index: on the large
-- benchmark set (2,000 projects, 216,000 reports) 4 ms instead of 144 ms for a DISTINCT ON scan.
SELECT p.slug, p.name, l.month, l.overall::text AS overall,
       l.deliveries::text AS deliveries, l.time::text AS time, l.money::text AS money,
       l.resources::text AS resources, l.action::text AS action,
       concat_ws('; ', l.deliveries_note, l.time_note, l.money_note, l.resources_note) AS explanation,
       (l.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM project p
CROSS JOIN LATERAL (
    SELECT s.*
    FROM status_report s
    WHERE s.project_id = p.id
    ORDER BY s.month DESC
    LIMIT 1
) l
WHERE p.state IN ('ongoing', 'paused')
  AND l.overall <> 'green'
ORDER BY l.overall DESC, l.month DESC, p.name;
