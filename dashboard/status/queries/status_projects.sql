-- The projects that have reported status at least once (the status page's project choices).
SELECT p.slug, p.name, (p.provenance = 'demo') AS is_demo
FROM project p
WHERE EXISTS (SELECT 1 FROM status_report s WHERE s.project_id = p.id)
ORDER BY p.name;
