-- The held activities of report table 1's "Aktiviteter" column, oldest first per project, with the
-- council the activity was held together with (Samarbejde med ...).
-- Params: period_to (month), include_demo.
SELECT a.project_id, a.id AS activity_id, a.type::text AS type, a.month,
       pc.name AS partner_council, (a.provenance = 'demo') AS is_demo
FROM activity a
LEFT JOIN partner_council pc ON pc.code = a.partner_council
WHERE a.state = 'held' AND a.month <= :period_to
  AND (CAST(:include_demo AS boolean) OR a.provenance <> 'demo')
ORDER BY a.project_id, a.month, a.id;
