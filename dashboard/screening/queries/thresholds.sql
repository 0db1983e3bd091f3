-- The rule's thresholds, each kind of project from its date on.
SELECT t.id, t.applies_to::text AS applies_to, t.valid_from, t.amount_mkr::float8 AS amount_mkr, t.source,
       t.provenance::text AS provenance, t.source_ref, t.entered_by
FROM assessment_threshold t
ORDER BY t.applies_to, t.valid_from;
