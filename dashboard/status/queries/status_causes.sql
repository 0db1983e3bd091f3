-- Report figures 7 and 8: the causes of yellow and red status marks by focus area and
-- subcategory. One mark is one yellow or red parameter in one monthly report (a report with Tid
-- and Ressourcer yellow counts twice, once per cause). Every subcategory is returned, 0 where
-- it was not a cause, so the taxonomy is complete for the page's choices.
-- Only reports whose overall status is not green can carry a cause (partial index on month).
-- Params: period_from, period_to, parameter (overall = all four parameters), project, include_demo
-- (false: demo reports and demo projects are left out).
WITH marks AS (
    SELECT m.colour, m.cause, (s.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
    FROM status_report s
    JOIN project p ON p.id = s.project_id
    CROSS JOIN LATERAL (VALUES ('deliveries', s.deliveries, s.deliveries_cause),
                               ('time', s.time, s.time_cause),
                               ('money', s.money, s.money_cause),
                               ('resources', s.resources, s.resources_cause)) AS m(parameter, colour, cause)
    WHERE s.month BETWEEN :period_from AND :period_to
      AND s.overall <> 'green'
      AND m.cause IS NOT NULL
      AND (CAST(:parameter AS text) = 'overall' OR m.parameter = :parameter)
      AND (CAST(:project AS text) IS NULL OR p.slug = :project)
      AND (CAST(:include_demo AS boolean) OR (s.provenance <> 'demo' AND p.provenance <> 'demo'))
),
counted AS (
    SELECT cause,
           count(*) FILTER (WHERE colour = 'yellow') AS yellow,
           count(*) FILTER (WHERE colour = 'red') AS red,
           bool_or(is_demo) AS is_demo
    FROM marks
    GROUP BY cause
)
SELECT f.code AS focus_area, f.name_da AS focus_area_da, f.name_en AS focus_area_en,
       f.position::int AS focus_area_position,
       sc.code AS subcategory, sc.name_da AS subcategory_da, sc.name_en AS subcategory_en,
       sc.position::int AS subcategory_position,
       coalesce(c.yellow, 0)::int AS yellow, coalesce(c.red, 0)::int AS red,
       coalesce(c.yellow + c.red, 0)::int AS marks,
       coalesce(c.is_demo, false) AS is_demo
FROM subcategory sc
JOIN focus_area f ON f.code = sc.focus_area
LEFT JOIN counted c ON c.cause = sc.code
ORDER BY f.position, sc.position;
