-- The director's front page: running projects whose latest report is yellow or red, worst first,
-- with the yellow and red parameters (each one's colour, cause subcategory and explanation, as a
-- JSON list in the order Leverancer, Tid, Penge, Ressourcer), the chosen action, and since when the
-- overall status has not been green (the first report after the latest green one).
-- Each project's latest report is found through the (project_id, month) index.
-- Params: row_limit.
WITH latest AS (
    SELECT p.id AS project_id, p.slug, p.name, p.provenance, s.*
    FROM project p
    CROSS JOIN LATERAL (
        SELECT s.month, s.overall, s.deliveries, s.time, s.money, s.resources,
               s.deliveries_cause, s.time_cause, s.money_cause, s.resources_cause,
               s.deliveries_note, s.time_note, s.money_note, s.resources_note,
               s.action, s.provenance AS report_provenance
        FROM status_report s
        WHERE s.project_id = p.id
        ORDER BY s.month DESC
        LIMIT 1
    ) s
    WHERE p.state IN ('ongoing', 'paused') AND s.overall <> 'green'
)
SELECT l.slug, l.name, l.month, l.overall::text AS overall,
       (SELECT jsonb_agg(jsonb_build_object('parameter', p.parameter, 'colour', p.colour, 'cause', p.cause,
                                            'note', p.note) ORDER BY p.position)
        FROM (VALUES (1, 'deliveries', l.deliveries::text, l.deliveries_cause, l.deliveries_note),
                     (2, 'time', l.time::text, l.time_cause, l.time_note),
                     (3, 'money', l.money::text, l.money_cause, l.money_note),
                     (4, 'resources', l.resources::text, l.resources_cause, l.resources_note))
             AS p(position, parameter, colour, cause, note)
        WHERE p.colour <> 'green') AS parameters,
       l.action::text AS action,
       run.run_start,
       (l.provenance = 'demo' OR l.report_provenance = 'demo') AS is_demo,
       count(*) OVER ()::int AS rows_total
FROM latest l
CROSS JOIN LATERAL (
    SELECT min(s.month) AS run_start
    FROM status_report s
    WHERE s.project_id = l.project_id AND s.month <= l.month
      AND s.month > coalesce((SELECT g.month FROM status_report g
                              WHERE g.project_id = l.project_id AND g.month < l.month AND g.overall = 'green'
                              ORDER BY g.month DESC LIMIT 1), DATE '-infinity')
) run
ORDER BY l.overall DESC, l.month DESC, run.run_start, l.name
LIMIT :row_limit;
