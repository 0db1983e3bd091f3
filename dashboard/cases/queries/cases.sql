-- Every case (or one: :case_id), with its project, activity, risk profile and members, and its
-- recorded steps as three arrays in the path's order (code, planned day, day done): where a case
-- stands is reckoned from them (dashboard.cases.rules) without reading every step as a row.
SELECT c.id AS case_id,
       c.activity_id,
       p.slug,
       p.name AS project_name,
       coalesce((SELECT string_agg(o.name, '; ' ORDER BY pr.position)
                 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
                 WHERE pr.project_id = p.id), '') AS responsible,
       c.kind::text AS kind,
       a.type::text AS activity_type,
       a.month,
       a.state::text AS activity_state,
       a.partner_council,
       r.profile::text AS profile,
       c.state::text AS state,
       c.requested_by::text AS requested_by,
       c.note,
       coalesce((SELECT string_agg(m.name, '; ' ORDER BY m.position NULLS LAST, m.name)
                 FROM case_member cm JOIN council_member m ON m.id = cm.member_id
                 WHERE cm.case_id = c.id), '') AS members,
       c.provenance::text AS provenance,
       c.source_ref,
       (c.provenance = 'demo' OR p.provenance = 'demo') AS is_demo,
       coalesce(s.codes, '{}') AS step_codes,
       coalesce(s.planned, '{}') AS step_planned,
       coalesce(s.done, '{}') AS step_done
FROM assessment_case c
JOIN activity a ON a.id = c.activity_id
JOIN project p ON p.id = a.project_id
LEFT JOIN risk_assessment_result r ON r.activity_id = a.id
LEFT JOIN LATERAL (SELECT array_agg(cs.step::text ORDER BY cs.step) AS codes,
                          array_agg(cs.planned_on ORDER BY cs.step) AS planned,
                          array_agg(cs.done_on ORDER BY cs.step) AS done
                   FROM case_step cs WHERE cs.case_id = c.id) s ON true
WHERE (CAST(:case_id AS integer) IS NULL OR c.id = CAST(:case_id AS integer))
  AND (CAST(:slug AS text) IS NULL OR p.slug = CAST(:slug AS text))
ORDER BY a.month DESC NULLS FIRST, c.id DESC;
