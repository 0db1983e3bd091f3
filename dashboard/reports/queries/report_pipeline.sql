-- Report table 2 ("It-rådets forventede aktiviteter i <year>"): the planned and awaited activities
-- of a year's pipeline, dated ones by month and "Afventer" last; within a month in the order they
-- were recorded (the report's order for the published items).
-- Params: year, include_demo.
SELECT a.id AS activity_id, p.slug, p.name AS project,
       coalesce((SELECT string_agg(o.name, '; ' ORDER BY pr.position)
                 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
                 WHERE pr.project_id = p.id), '') AS responsible,
       a.type::text AS type, a.month, a.state::text AS state,
       (a.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM activity a
JOIN project p ON p.id = a.project_id
WHERE a.plan_year = :year
  AND (CAST(:include_demo AS boolean) OR (a.provenance <> 'demo' AND p.provenance <> 'demo'))
ORDER BY a.month NULLS LAST, a.id;
