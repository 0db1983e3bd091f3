-- One project's phase history (:slug; NULL = every project's, for itraad export), oldest first.
SELECT x.id, p.slug, x.phase::text AS phase, x.began_on, x.provenance::text AS provenance, x.source_ref, x.entered_by
FROM project_phase x
JOIN project p ON p.id = x.project_id
WHERE CAST(:slug AS text) IS NULL OR p.slug = CAST(:slug AS text)
ORDER BY p.slug, x.began_on, x.phase;
