-- One project's outcome at closure (none, or one row; :slug NULL = every project's, for itraad export).
SELECT p.slug,
       o.budget_outcome::text AS budget_outcome, o.budget_variance_mkr::float8 AS budget_variance_mkr,
       o.schedule_outcome::text AS schedule_outcome, o.schedule_variance_months::int AS schedule_variance_months,
       o.statement, o.source, o.provenance::text AS provenance, o.source_ref, o.entered_by
FROM project_outcome o
JOIN project p ON p.id = o.project_id
WHERE CAST(:slug AS text) IS NULL OR p.slug = CAST(:slug AS text)
ORDER BY p.slug;
