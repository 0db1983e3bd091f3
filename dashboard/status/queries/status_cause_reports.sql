-- The drill-down behind a cause: every yellow or red status mark in the period whose cause is
-- the chosen subcategory (or any subcategory of the chosen focus area), newest first, with the
-- project's explanation, its action and who reported it. Same marks as status_causes counts.
-- Params: period_from, period_to, parameter, project, subcategory (or NULL), focus_area (or NULL),
-- row_limit (the page shows at most this many; rows_total says how many there are).
SELECT p.slug, p.name, s.month, m.parameter, m.colour::text AS colour, m.cause AS subcategory,
       sc.focus_area, m.note AS explanation, s.action::text AS action, s.reported_by, s.reported_at,
       (s.provenance = 'demo' OR p.provenance = 'demo') AS is_demo,
       count(*) OVER ()::int AS rows_total
FROM status_report s
JOIN project p ON p.id = s.project_id
CROSS JOIN LATERAL (VALUES (1, 'deliveries', s.deliveries, s.deliveries_cause, s.deliveries_note),
                           (2, 'time', s.time, s.time_cause, s.time_note),
                           (3, 'money', s.money, s.money_cause, s.money_note),
                           (4, 'resources', s.resources, s.resources_cause, s.resources_note))
    AS m(parameter_position, parameter, colour, cause, note)
JOIN subcategory sc ON sc.code = m.cause
WHERE s.month BETWEEN :period_from AND :period_to
  AND s.overall <> 'green'
  AND (CAST(:parameter AS text) = 'overall' OR m.parameter = :parameter)
  AND (CAST(:project AS text) IS NULL OR p.slug = :project)
  AND (CAST(:subcategory AS text) IS NULL OR m.cause = :subcategory)
  AND (CAST(:focus_area AS text) IS NULL OR sc.focus_area = :focus_area)
ORDER BY s.month DESC, p.name, m.parameter_position
LIMIT :row_limit;
