-- The latest changes to the data (not accounts), newest first, for the history page's overview.
SELECT id, tx_id, changed_at, app_user, table_name, operation, row_key, old_row, new_row, reason
FROM audit_log
WHERE table_name <> 'app_user'
ORDER BY id DESC
LIMIT :limit;
