-- Council meeting pack, "Pipeline de næste tre måneder": planned activities from the meeting's
-- month through the two months after it, and how many items of that year's pipeline still await
-- a date (Afventer).
-- Params: meeting_month, last_month, include_demo.
SELECT a.id AS activity_id, p.slug, p.name AS project,
       coalesce((SELECT string_agg(o.name, '; ' ORDER BY pr.position)
                 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
                 WHERE pr.project_id = p.id), '') AS responsible,
       a.type::text AS type, a.month, a.state::text AS state, a.plan_year::int AS plan_year,
       (a.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM activity a
JOIN project p ON p.id = a.project_id
WHERE ((a.state = 'planned' AND a.month BETWEEN :meeting_month AND :last_month)
       OR (a.state = 'awaiting' AND a.plan_year BETWEEN extract(year FROM CAST(:meeting_month AS date))
                                                   AND extract(year FROM CAST(:last_month AS date))))
  AND (CAST(:include_demo AS boolean) OR (a.provenance <> 'demo' AND p.provenance <> 'demo'))
ORDER BY a.month NULLS LAST, a.id;
