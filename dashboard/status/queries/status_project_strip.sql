-- One project's monthly reports for the strip on the project page, and for what its top says about
-- a yellow or red project: the four parameters with their causes (subcategory codes) and
-- explanations, the overall colour derived from them, and the action, oldest first.
-- Params: slug.
SELECT s.month, s.overall::text AS overall, s.deliveries::text AS deliveries, s.time::text AS time,
       s.money::text AS money, s.resources::text AS resources,
       s.deliveries_cause, s.time_cause, s.money_cause, s.resources_cause,
       s.deliveries_note, s.time_note, s.money_note, s.resources_note,
       concat_ws('; ', s.deliveries_note, s.time_note, s.money_note, s.resources_note) AS explanation,
       s.action::text AS action, s.reported_by,
       (s.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM status_report s
JOIN project p ON p.id = s.project_id
WHERE p.slug = :slug
ORDER BY s.month;
