-- The recorded steps of every case (or one: :case_id), in the path's order.
SELECT s.case_id,
       s.id AS step_id,
       s.step::text AS step,
       s.planned_on,
       s.done_on,
       s.done_by,
       s.note,
       s.provenance::text AS provenance
FROM case_step s
WHERE CAST(:case_id AS integer) IS NULL OR s.case_id = CAST(:case_id AS integer)
ORDER BY s.case_id, s.step;
