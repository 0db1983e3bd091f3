-- Council meeting pack, "Aktiviteter og frister": the activities held since the last meeting
-- (month from :since_month up to the meeting's month), and the planned ones whose month has passed
-- before the meeting's month without being recorded as held (overdue).
-- Params: since_month, meeting_month, include_demo.
SELECT a.id AS activity_id, p.slug, p.name AS project, a.type::text AS type, a.month, a.state::text AS state,
       CASE WHEN a.state = 'held' THEN 'held' ELSE 'overdue' END AS kind,
       (a.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM activity a
JOIN project p ON p.id = a.project_id
WHERE ((a.state = 'held' AND a.month BETWEEN :since_month AND :meeting_month)
       OR (a.state = 'planned' AND a.month < :meeting_month))
  AND (CAST(:include_demo AS boolean) OR (a.provenance <> 'demo' AND p.provenance <> 'demo'))
ORDER BY kind, a.month, p.name, a.id;
