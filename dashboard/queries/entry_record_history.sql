-- The audit trail of one record: its own rows and its child rows (a project's responsible
-- organisations), newest first. :child_table is NULL for records without children.
SELECT id, tx_id, changed_at, app_user, table_name, operation, row_key, old_row, new_row, reason
FROM audit_log
WHERE (table_name = :table AND row_key = CAST(:key AS jsonb))
   OR (table_name = :child_table AND row_key @> CAST(:child_key AS jsonb))
ORDER BY id DESC
LIMIT 500;
