-- Every status text a project has had, newest first, with where it comes from.
-- Params: slug.
SELECT h.status_date, h.status_text::text AS status_text, h.provenance::text AS provenance,
       h.source_ref, h.entered_by, h.entered_at, h.recorded_at
FROM project_status_text h
JOIN project p ON p.id = h.project_id
WHERE p.slug = :slug
ORDER BY h.status_date DESC;
