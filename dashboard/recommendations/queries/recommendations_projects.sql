-- Projects that have had a risk assessment or a sparring meeting held (both may carry
-- recommendations and risks), or an activity with recorded risks or recommendations (a case still
-- under way): the choices of the page's project filter.
SELECT p.slug, p.name, max(a.month) AS last_assessment, p.provenance = 'demo' AS is_demo
FROM project p
JOIN activity a ON a.project_id = p.id
WHERE (a.type IN ('risk_assessment', 'sparring_meeting') AND a.state = 'held')
   OR EXISTS (SELECT 1 FROM identified_risk x WHERE x.activity_id = a.id)
   OR EXISTS (SELECT 1 FROM recommendation r WHERE r.activity_id = a.id)
GROUP BY p.id
ORDER BY p.name;
