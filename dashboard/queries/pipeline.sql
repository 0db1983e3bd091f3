-- A year's pipeline (report table 2): the planned and awaited activities expected in :year,
-- with the project's responsible organisations. Dated items in month order, "Afventer" last.
SELECT a.id AS activity_id,
       p.slug,
       p.name AS project,
       coalesce((SELECT string_agg(o.name, '; ' ORDER BY pr.position)
                 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
                 WHERE pr.project_id = p.id), '') AS responsible,
       a.type::text AS type,
       a.month,
       a.state::text AS state,
       a.partner_council,
       (a.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM activity a
JOIN project p ON p.id = a.project_id
WHERE a.plan_year = :year
ORDER BY a.month NULLS LAST, p.name, a.type;
