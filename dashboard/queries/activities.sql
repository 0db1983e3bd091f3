-- Every activity of the council with its project, in time order (awaiting items last).
SELECT a.id AS activity_id,
       p.slug,
       p.name AS project,
       a.type::text AS type,
       a.month,
       a.state::text AS state,
       a.partner_council,
       a.plan_year::int AS plan_year,
       r.profile::text AS risk_profile,
       a.provenance::text AS provenance
FROM activity a
JOIN project p ON p.id = a.project_id
LEFT JOIN risk_assessment_result r ON r.activity_id = a.id
ORDER BY a.month NULLS LAST, p.name, a.type;
