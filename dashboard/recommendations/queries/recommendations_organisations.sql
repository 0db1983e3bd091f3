-- Organisations responsible for a project of the project filter's choices (recommendations_projects:
-- a risk assessment or sparring meeting held, or an activity with recorded risks or
-- recommendations): the choices of the page's "ansvarlig" filter.
SELECT o.name
FROM organisation o
WHERE EXISTS (
    SELECT 1 FROM project_responsible pr
    JOIN activity a ON a.project_id = pr.project_id
    WHERE pr.organisation_id = o.id
      AND ((a.type IN ('risk_assessment', 'sparring_meeting') AND a.state = 'held')
           OR EXISTS (SELECT 1 FROM identified_risk x WHERE x.activity_id = a.id)
           OR EXISTS (SELECT 1 FROM recommendation r WHERE r.activity_id = a.id)))
ORDER BY o.name;
