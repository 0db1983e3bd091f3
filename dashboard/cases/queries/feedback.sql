-- The project's response (responsum) and the evaluations of a case, oldest first.
SELECT 'response' AS record,
       NULL AS respondent,
       received_on,
       NULL::smallint AS score_process, NULL::smallint AS score_output, NULL::smallint AS score_value,
       summary AS text,
       provenance::text AS provenance
FROM case_response WHERE case_id = CAST(:case_id AS integer)
UNION ALL
SELECT 'evaluation', respondent::text, received_on, score_process, score_output, score_value, comment,
       provenance::text
FROM case_evaluation WHERE case_id = CAST(:case_id AS integer)
ORDER BY received_on, record DESC;
