-- The letter of a case: the general statement and the advice lowering the profile, the risk
-- profile with its matrix placement, figure 9's sub-criteria and the council's judgement.
SELECT l.general_statement,
       l.lowering_advice,
       r.profile::text AS profile,
       r.complexity::text AS complexity,
       r.risk::text AS risk,
       coalesce(array_to_string(r.criteria, ','), '') AS criteria,
       r.judgement,
       coalesce(l.provenance, r.provenance)::text AS provenance
FROM assessment_case c
LEFT JOIN case_letter l ON l.case_id = c.id
LEFT JOIN risk_assessment_result r ON r.activity_id = c.activity_id
WHERE c.id = CAST(:case_id AS integer) AND (l.case_id IS NOT NULL OR r.activity_id IS NOT NULL);
