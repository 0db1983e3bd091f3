-- 0010: indexes for the status history views (issue 4), chosen with EXPLAIN ANALYZE on the large
-- synthetic set (2,000 projects x 120 months, `itraad db synth`).
--
-- The causes of yellow and red (figures 7 and 8) and their drill-down read only reports whose
-- overall status is not green: most months are green, so a partial index on the month keeps
-- those queries to the non-green fraction of the period.
CREATE INDEX IF NOT EXISTS status_report_not_green_month_idx
    ON status_report (month) WHERE overall <> 'green';
COMMENT ON INDEX status_report_not_green_month_idx IS
    'Yellow/red reports by month: the causes of figures 7 and 8 and their drill-down.';

-- "Ændringer siden <dato>": the reports that came in since a date.
CREATE INDEX IF NOT EXISTS status_report_reported_at_idx ON status_report (reported_at);
COMMENT ON INDEX status_report_reported_at_idx IS
    'Reports by the time they were reported: the status changes since a council meeting.';
