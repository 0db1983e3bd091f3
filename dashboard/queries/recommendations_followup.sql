-- Follow-up per project (the responsum and what came of it): how many of the filtered
-- recommendations were accepted, partly accepted, not accepted or await a response, and how
-- many are not started, in progress, implemented or dropped; open = awaiting a response, not
-- started or in progress (recommendation_is_open).
WITH filtered AS (
    SELECT a.project_id, a.month, r.response, r.implementation,
           recommendation_followup_state(r.response, r.implementation) AS state, r.provenance
    FROM recommendation r
    JOIN activity a ON a.id = r.activity_id
    JOIN subcategory s ON s.code = r.subcategory
    JOIN project p ON p.id = a.project_id
    LEFT JOIN risk_assessment_result res ON res.activity_id = r.activity_id
    WHERE a.month BETWEEN :month_from AND :month_to
      AND (CAST(:profiles AS text[]) IS NULL OR res.profile::text = ANY (CAST(:profiles AS text[])))
      AND (CAST(:organisation AS text) IS NULL OR EXISTS (
            SELECT 1 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
            WHERE pr.project_id = a.project_id AND o.name = CAST(:organisation AS text)))
      AND (CAST(:project AS text) IS NULL OR p.slug = CAST(:project AS text))
      AND (CAST(:search AS text) IS NULL
           OR r.search_vector @@ websearch_to_tsquery('danish', CAST(:search AS text)))
      AND (CAST(:focus_area AS text) IS NULL OR s.focus_area = CAST(:focus_area AS text))
      AND (CAST(:subcategory AS text) IS NULL OR r.subcategory = CAST(:subcategory AS text))
      AND (CAST(:followup AS text) IS NULL
           OR recommendation_followup_state(r.response, r.implementation) = CAST(:followup AS text))
), per_project AS (
    SELECT project_id, max(month) AS last_assessment, count(*) AS n,
           count(*) FILTER (WHERE response = 'accepted') AS accepted,
           count(*) FILTER (WHERE response = 'partly_accepted') AS partly_accepted,
           count(*) FILTER (WHERE response = 'not_accepted') AS not_accepted,
           count(*) FILTER (WHERE state = 'awaiting_response') AS awaiting_response,
           count(*) FILTER (WHERE state = 'not_started') AS not_started,
           count(*) FILTER (WHERE state = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE state = 'implemented') AS implemented,
           count(*) FILTER (WHERE state = 'dropped') AS dropped,
           count(*) FILTER (WHERE recommendation_is_open(response, implementation)) AS open,
           bool_or(provenance = 'demo') AS has_demo
    FROM filtered GROUP BY project_id
), responsible AS (
    SELECT pr.project_id, string_agg(o.name, '; ' ORDER BY pr.position) AS names
    FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
    WHERE pr.project_id IN (SELECT project_id FROM per_project)
    GROUP BY pr.project_id
)
SELECT p.slug, p.name AS project, coalesce(rs.names, '') AS responsible, pp.last_assessment,
       pp.n::int AS count, pp.accepted::int, pp.partly_accepted::int, pp.not_accepted::int,
       pp.awaiting_response::int, pp.not_started::int, pp.in_progress::int, pp.implemented::int,
       pp.dropped::int, pp.open::int, (pp.has_demo OR p.provenance = 'demo') AS is_demo
FROM per_project pp
JOIN project p ON p.id = pp.project_id
LEFT JOIN responsible rs ON rs.project_id = pp.project_id
ORDER BY pp.open DESC, pp.last_assessment DESC, p.name;
