-- Projects that have had a risk assessment held: the choices of the page's project filter.
SELECT p.slug, p.name, max(a.month) AS last_assessment, p.provenance = 'demo' AS is_demo
FROM project p
JOIN activity a ON a.project_id = p.id
WHERE a.type = 'risk_assessment' AND a.state = 'held'
GROUP BY p.id
ORDER BY p.name;
