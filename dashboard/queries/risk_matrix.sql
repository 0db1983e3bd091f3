-- Figure 9: the risk-assessed projects with their latest risk profile and, where known, its place
-- in the matrix (complexity, critical risks).
SELECT DISTINCT ON (a.project_id)
       p.slug, p.name, p.short_name, r.profile::text AS risk_profile,
       r.complexity::text AS complexity, r.risk::text AS risk,
       (p.provenance = 'demo' OR r.provenance = 'demo') AS is_demo
FROM risk_assessment_result r
JOIN activity a ON a.id = r.activity_id
JOIN project p ON p.id = a.project_id
ORDER BY a.project_id, a.month DESC NULLS LAST;
