-- Projects that need attention now: the latest monthly status of every ongoing or paused
-- project whose overall colour is yellow or red, worst first, with its causes.
WITH latest AS (
    SELECT DISTINCT ON (s.project_id) s.*
    FROM status_report s
    JOIN project p ON p.id = s.project_id
    WHERE p.state IN ('ongoing', 'paused')
    ORDER BY s.project_id, s.month DESC
)
SELECT p.slug, p.name, l.month, l.overall::text AS overall,
       l.deliveries::text AS deliveries, l.time::text AS time, l.money::text AS money,
       l.resources::text AS resources, l.action::text AS action,
       concat_ws('; ', l.deliveries_note, l.time_note, l.money_note, l.resources_note) AS explanation,
       (l.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM latest l
JOIN project p ON p.id = l.project_id
WHERE l.overall <> 'green'
ORDER BY l.overall DESC, l.month DESC, p.name;
