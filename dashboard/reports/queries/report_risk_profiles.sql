-- Figure 9 and the key figures: the risk profile of each project's latest risk assessment held up
-- to :period_to, with its place in the matrix where known.
-- Params: period_to (month), include_demo.
SELECT DISTINCT ON (a.project_id)
       p.slug, p.name, p.short_name, r.profile::text AS risk_profile, a.month AS assessed_month,
       r.complexity::text AS complexity, r.risk::text AS risk,
       (r.provenance = 'demo' OR a.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM risk_assessment_result r
JOIN activity a ON a.id = r.activity_id
JOIN project p ON p.id = a.project_id
WHERE a.state = 'held' AND a.month <= :period_to
  AND (CAST(:include_demo AS boolean)
       OR (r.provenance <> 'demo' AND a.provenance <> 'demo' AND p.provenance <> 'demo'))
ORDER BY a.project_id, a.month DESC, a.id DESC;
