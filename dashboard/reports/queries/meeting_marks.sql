-- Council meeting pack: every yellow or red parameter of the given status reports (project slug +
-- month), with its classified cause, the explanation and the action the project chose.
-- Params: slugs (text[]), months (date[]), the two arrays pairwise.
WITH wanted AS (
    SELECT w.slug, w.month FROM unnest(CAST(:slugs AS text[]), CAST(:months AS date[])) AS w(slug, month)
)
SELECT p.slug, s.month, m.parameter, m.colour::text AS colour, m.cause AS subcategory,
       sc.name_da AS subcategory_da, sc.name_en AS subcategory_en, f.name_da AS focus_area_da,
       f.name_en AS focus_area_en, m.note::text AS explanation, s.action::text AS action
FROM wanted w
JOIN project p ON p.slug = w.slug
JOIN status_report s ON s.project_id = p.id AND s.month = w.month
CROSS JOIN LATERAL (VALUES (1, 'deliveries', s.deliveries, s.deliveries_cause, s.deliveries_note),
                           (2, 'time', s.time, s.time_cause, s.time_note),
                           (3, 'money', s.money, s.money_cause, s.money_note),
                           (4, 'resources', s.resources, s.resources_cause, s.resources_note))
    AS m(position, parameter, colour, cause, note)
JOIN subcategory sc ON sc.code = m.cause
JOIN focus_area f ON f.code = sc.focus_area
WHERE m.colour <> 'green'
ORDER BY p.slug, s.month, m.position;
