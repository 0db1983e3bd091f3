-- The secretariat's nomination list: every screening decision, newest first, with who decided it
-- and when, and who recorded it.
SELECT n.id,
       p.slug,
       p.name,
       coalesce((SELECT string_agg(o.name, '; ' ORDER BY pr.position)
                 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
                 WHERE pr.project_id = p.id), '') AS responsible,
       n.decision::text AS decision,
       n.grounds::text AS grounds,
       n.decided_by,
       n.decided_on,
       n.note,
       n.provenance::text AS provenance,
       n.entered_by,
       n.entered_at,
       (n.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM nomination n
JOIN project p ON p.id = n.project_id
ORDER BY n.decided_on DESC, n.id DESC;
