-- The months that have status reports: the range the status page offers, and its default period.
-- min/max on the month index: two index probes, also on the large synthetic set.
SELECT min(month) AS first_month, max(month) AS last_month
FROM status_report;
