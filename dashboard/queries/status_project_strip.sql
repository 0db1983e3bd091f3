-- One project's monthly reports for the strip on the project page: the four parameters, the
-- overall colour derived from them, the causes' explanations and the action, oldest first.
-- Params: slug.
SELECT s.month, s.overall::text AS overall, s.deliveries::text AS deliveries, s.time::text AS time,
       s.money::text AS money, s.resources::text AS resources,
       concat_ws('; ', s.deliveries_note, s.time_note, s.money_note, s.resources_note) AS explanation,
       s.action::text AS action, s.reported_by,
       (s.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM status_report s
JOIN project p ON p.id = s.project_id
WHERE p.slug = :slug
ORDER BY s.month;
