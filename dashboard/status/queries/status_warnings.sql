-- Early warnings as of a month (the end of the chosen period), for projects still running then:
--   run:      the latest report (up to that month) is yellow/red and so were the reports before it,
--             min_run or more in a row (reports after the project's last green report);
--   worsened: the report of that month is worse than the report of the month before;
--   stale:    the latest report is older than that month, i.e. at least one cycle missing
--             (a paused project is not expected to report and is not stale).
-- Each project is looked up through the (project_id, month) index, newest first, so the cost
-- grows with the number of running projects, not with the length of their history.
-- Params: as_of (month), parameter, project (slug or NULL), min_run, include_demo (false: demo
-- projects and demo reports are left out, as if they were not there).
WITH running AS (
    SELECT p.id, p.slug, p.name, p.state, p.provenance
    FROM project p
    WHERE ((p.end_month IS NULL AND p.state IN ('ongoing', 'paused')) OR p.end_month >= :as_of)
      AND (CAST(:project AS text) IS NULL OR p.slug = :project)
      AND (CAST(:include_demo AS boolean) OR p.provenance <> 'demo')
),
latest AS (
    SELECT r.*, l.month, l.colour, l.explanation, l.report_provenance
    FROM running r
    CROSS JOIN LATERAL (
        SELECT s.month,
               CASE CAST(:parameter AS text)
                   WHEN 'deliveries' THEN s.deliveries WHEN 'time' THEN s.time
                   WHEN 'money' THEN s.money WHEN 'resources' THEN s.resources ELSE s.overall END AS colour,
               concat_ws('; ', CASE WHEN :parameter IN ('overall', 'deliveries') THEN s.deliveries_note END,
                               CASE WHEN :parameter IN ('overall', 'time') THEN s.time_note END,
                               CASE WHEN :parameter IN ('overall', 'money') THEN s.money_note END,
                               CASE WHEN :parameter IN ('overall', 'resources') THEN s.resources_note END)
                   AS explanation,
               s.provenance AS report_provenance
        FROM status_report s
        WHERE s.project_id = r.id AND s.month <= :as_of
          AND (CAST(:include_demo AS boolean) OR s.provenance <> 'demo')
        ORDER BY s.month DESC
        LIMIT 1) l
),
runs AS (
    SELECT l.*, run.run_start, run.run_months
    FROM latest l
    CROSS JOIN LATERAL (
        -- the reports after the last green one form the current run
        SELECT min(s.month) AS run_start, count(*) AS run_months
        FROM status_report s
        WHERE s.project_id = l.id AND s.month <= l.month
          AND (CAST(:include_demo AS boolean) OR s.provenance <> 'demo')
          AND s.month > coalesce((
              SELECT g.month FROM status_report g
              WHERE g.project_id = l.id AND g.month < l.month
                AND (CAST(:include_demo AS boolean) OR g.provenance <> 'demo')
                AND (CASE CAST(:parameter AS text)
                        WHEN 'deliveries' THEN g.deliveries WHEN 'time' THEN g.time
                        WHEN 'money' THEN g.money WHEN 'resources' THEN g.resources ELSE g.overall END) = 'green'
              ORDER BY g.month DESC
              LIMIT 1), DATE '-infinity')
    ) run
    WHERE l.colour <> 'green'
),
previous AS (
    SELECT l.id,
           CASE CAST(:parameter AS text)
               WHEN 'deliveries' THEN s.deliveries WHEN 'time' THEN s.time
               WHEN 'money' THEN s.money WHEN 'resources' THEN s.resources ELSE s.overall END AS colour
    FROM latest l
    JOIN status_report s ON s.project_id = l.id AND s.month = (CAST(:as_of AS date) - interval '1 month')::date
                        AND (CAST(:include_demo AS boolean) OR s.provenance <> 'demo')
    WHERE l.month = :as_of
)
SELECT 'run' AS kind, slug, name, state::text AS state, month, colour::text AS colour,
       NULL::text AS previous_colour, run_start, run_months::int AS run_months, explanation,
       (provenance = 'demo' OR report_provenance = 'demo') AS is_demo
FROM runs
WHERE run_months >= :min_run
UNION ALL
SELECT 'worsened', l.slug, l.name, l.state::text, l.month, l.colour::text, pr.colour::text, NULL, NULL,
       l.explanation, (l.provenance = 'demo' OR l.report_provenance = 'demo')
FROM latest l
JOIN previous pr ON pr.id = l.id
WHERE l.colour > pr.colour
UNION ALL
SELECT 'stale', slug, name, state::text, month, colour::text, NULL, NULL, NULL, explanation,
       (provenance = 'demo' OR report_provenance = 'demo')
FROM latest
WHERE month < :as_of AND state <> 'paused'
ORDER BY kind, colour DESC, month, name;
