-- Council meeting pack, "Sager og frister": the cases closed between the last meeting (:since)
-- and the meeting (:meeting_date), both days included, Copenhagen time. A case carries no closing
-- date, so the day is the audit trail's: the last change of its state from open to closed (a case
-- loaded already closed, as the published ones are, was not closed in the period).
-- Params: since, meeting_date.
SELECT (l.row_key ->> 'id')::integer AS case_id,
       max((l.changed_at AT TIME ZONE 'Europe/Copenhagen')::date) AS closed_on
FROM audit_log l
WHERE l.table_name = 'assessment_case'
  AND l.operation = 'UPDATE'
  AND l.old_row ->> 'state' = 'open'
  AND l.new_row ->> 'state' = 'closed'
  AND (l.changed_at AT TIME ZONE 'Europe/Copenhagen')::date BETWEEN :since AND :meeting_date
GROUP BY l.row_key ->> 'id'
ORDER BY case_id;
