-- One project's phase history, oldest first.
SELECT x.id, x.phase::text AS phase, x.began_on, x.provenance::text AS provenance, x.source_ref, x.entered_by
FROM project_phase x
JOIN project p ON p.id = x.project_id
WHERE p.slug = :slug
ORDER BY x.began_on, x.phase;
