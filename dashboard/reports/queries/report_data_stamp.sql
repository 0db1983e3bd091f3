-- What every page of a document names: the data's version and when it last changed, and whether
-- the database holds demo rows at all.
SELECT v.version, v.changed_at,
       EXISTS (SELECT 1 FROM project WHERE provenance = 'demo')
       OR EXISTS (SELECT 1 FROM status_report WHERE provenance = 'demo')
       OR EXISTS (SELECT 1 FROM recommendation WHERE provenance = 'demo')
       OR EXISTS (SELECT 1 FROM activity WHERE provenance = 'demo') AS has_demo
FROM data_version v;
