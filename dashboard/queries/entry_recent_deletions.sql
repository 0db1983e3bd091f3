-- Deletes made in the app that have not been undone, newest first: one row per transaction
-- (a deleted project with its activities, reports ... is one delete), with the deleted rows.
SELECT d.tx_id,
       min(d.changed_at) AS deleted_at,
       min(d.app_user) AS deleted_by,
       min(d.reason) AS reason,
       count(*) AS row_count,
       jsonb_agg(jsonb_build_object('table', d.table_name, 'row', d.old_row) ORDER BY d.id) AS deleted
FROM audit_log d
WHERE d.operation = 'DELETE'
  AND d.reason LIKE 'entry:delete:%'
  AND NOT EXISTS (SELECT 1 FROM audit_log r WHERE r.reason = 'restore:' || d.tx_id::text)
GROUP BY d.tx_id
ORDER BY deleted_at DESC
LIMIT :limit;
