-- Report table 1 ("It-rådets gennemførte aktiviteter <first>-<year>"): every project the council
-- has held an activity with up to :period_to, with its purpose, responsible organisations, the
-- month of its latest held activity (the table's order) and the status text valid at :status_as_of
-- (project_status_text, migration 0061: the latest text dated no later than that month).
-- A project counts as finished (afsluttet/lukket) when its end month is no later than
-- :status_as_of; before that it was still running, whatever its state is today.
-- Params: period_to (month), status_as_of (month), include_demo (false: no demo project, no demo activity).
WITH held AS (
    SELECT a.project_id, max(a.month) AS last_activity_month, bool_or(a.provenance = 'demo') AS has_demo
    FROM activity a
    WHERE a.state = 'held' AND a.month <= :period_to
      AND (CAST(:include_demo AS boolean) OR a.provenance <> 'demo')
    GROUP BY a.project_id
),
status AS (
    SELECT DISTINCT ON (h.project_id) h.project_id, h.status_text, h.status_date, h.provenance
    FROM project_status_text h
    WHERE h.status_date <= :status_as_of
      AND (CAST(:include_demo AS boolean) OR h.provenance <> 'demo')
    ORDER BY h.project_id, h.status_date DESC
)
SELECT p.id AS project_id, p.slug, p.name, p.purpose,
       coalesce((SELECT string_agg(o.name, '; ' ORDER BY pr.position)
                 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
                 WHERE pr.project_id = p.id), '') AS responsible,
       p.state::text AS state, p.end_month,
       (p.state IN ('completed', 'closed') AND p.end_month <= :status_as_of) AS finished,
       h.last_activity_month,
       s.status_text, s.status_date,
       (p.provenance = 'demo' OR h.has_demo OR coalesce(s.provenance = 'demo', false)) AS is_demo
FROM held h
JOIN project p ON p.id = h.project_id
LEFT JOIN status s ON s.project_id = p.id
WHERE CAST(:include_demo AS boolean) OR p.provenance <> 'demo'
ORDER BY finished, h.last_activity_month DESC, p.id;
