-- Follow-up per project (the responsum and what came of it): how many of the filtered
-- recommendations were accepted, partly accepted, not accepted or await a response, and how
-- many are not started, in progress, implemented or dropped; open = awaiting a response, not
-- started or in progress (recommendation_is_open, migration 0020).
WITH filtered AS (
    SELECT m.project_id, m.month, m.response, recommendation_followup_state(m.response, m.implementation) AS state,
           m.provenance
    FROM recommendations_matching(
        period_from => :month_from, period_to => :month_to, risk_profiles => CAST(:profiles AS text[]),
        responsible_organisation => :organisation, project_slug => :project, search_terms => :search,
        focus_area_code => :focus_area, subcategory_code => :subcategory, followup_state => :followup,
        activity_kinds => CAST(:activities AS text[])) m
    -- include_demo false: the documents of dashboard/reports leave demo recommendations out.
    WHERE CAST(:include_demo AS boolean) OR m.provenance <> 'demo'
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
       pp.dropped::int, (pp.awaiting_response + pp.not_started + pp.in_progress)::int AS open,
       (pp.has_demo OR p.provenance = 'demo') AS is_demo
FROM per_project pp
JOIN project p ON p.id = pp.project_id
LEFT JOIN responsible rs ON rs.project_id = pp.project_id
ORDER BY open DESC, pp.last_assessment DESC, p.name;
