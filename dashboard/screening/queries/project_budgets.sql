-- One project's budget and schedule figures (:slug; NULL = every project's, for itraad export),
-- newest first: baselines (re-baselinings kept) and estimates.
SELECT b.id, p.slug, b.kind::text AS kind, b.as_of, b.amount_mkr::float8 AS amount_mkr,
       b.regional_share_mkr::float8 AS regional_share_mkr, b.start_on, b.end_on, b.source,
       b.provenance::text AS provenance, b.source_ref, b.entered_by
FROM project_budget b
JOIN project p ON p.id = b.project_id
WHERE CAST(:slug AS text) IS NULL OR p.slug = CAST(:slug AS text)
ORDER BY p.slug, b.as_of DESC, b.id DESC;
