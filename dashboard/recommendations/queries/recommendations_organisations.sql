-- Organisations responsible for a project that has had a risk assessment held: the choices of
-- the page's "ansvarlig" filter.
SELECT o.name
FROM organisation o
WHERE EXISTS (
    SELECT 1 FROM project_responsible pr
    JOIN activity a ON a.project_id = pr.project_id AND a.type = 'risk_assessment' AND a.state = 'held'
    WHERE pr.organisation_id = o.id)
ORDER BY o.name;
