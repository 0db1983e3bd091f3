-- The council members of a case, whether each may take part (no standing impartiality
-- declaration for the project, within their term), and its assessment team.
SELECT cm.case_id,
       'member' AS role,
       m.name,
       m.title,
       m.organisation,
       NULL AS field,
       m.is_chair,
       case_member_eligible(cm.case_id, m.id) AS eligible,
       cm.provenance::text AS provenance
FROM case_member cm JOIN council_member m ON m.id = cm.member_id
WHERE cm.case_id = CAST(:case_id AS integer)
UNION ALL
SELECT ca.case_id, 'assessor', x.name, NULL, x.organisation, x.field::text, false, true, ca.provenance::text
FROM case_assessor ca JOIN assessor x ON x.id = ca.assessor_id
WHERE ca.case_id = CAST(:case_id AS integer)
ORDER BY role DESC, name;
