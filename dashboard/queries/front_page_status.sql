-- The director's front page: the running projects (ongoing or paused) counted by their latest
-- overall status as of the newest report month in the data (the "as of" month):
--   green / yellow / red: the colour of the project's latest report, when that report is for the
--                         as-of month, or the project is paused (not expected to report);
--   overdue:   the project has reported before, but not for the as-of month (a cycle missed);
--   no_report: the project has never reported (the published data has no monthly reports).
-- Completed and closed projects are not counted. The first names of each group come along.
WITH as_of AS (
    SELECT max(month) AS month FROM status_report
),
latest AS (
    SELECT p.name, p.state, p.provenance, l.month, l.overall, l.provenance AS report_provenance
    FROM project p
    LEFT JOIN LATERAL (
        SELECT s.month, s.overall, s.provenance
        FROM status_report s
        WHERE s.project_id = p.id
        ORDER BY s.month DESC
        LIMIT 1
    ) l ON true
    WHERE p.state IN ('ongoing', 'paused')
),
classified AS (
    SELECT l.*,
           CASE WHEN l.month IS NULL THEN 'no_report'
                WHEN l.month < (SELECT month FROM as_of) AND l.state <> 'paused' THEN 'overdue'
                ELSE l.overall::text END AS category
    FROM latest l
)
SELECT category,
       count(*)::int AS projects,
       (array_agg(name ORDER BY name))[1:8] AS names,
       bool_or(provenance = 'demo' OR report_provenance = 'demo') AS is_demo,
       (SELECT month FROM as_of) AS as_of
FROM classified
GROUP BY category;
