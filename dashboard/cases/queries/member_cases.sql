-- Every activity each member took part in, newest first.
SELECT cm.member_id,
       c.id AS case_id,
       p.slug,
       p.name AS project_name,
       c.kind::text AS kind,
       a.month,
       c.state::text AS state,
       (c.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM case_member cm
JOIN assessment_case c ON c.id = cm.case_id
JOIN activity a ON a.id = c.activity_id
JOIN project p ON p.id = a.project_id
ORDER BY cm.member_id, a.month DESC NULLS FIRST, c.id DESC;
