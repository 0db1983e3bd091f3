-- The impartiality declarations (habilitet), newest first.
SELECT d.id,
       m.name AS member,
       p.slug,
       p.name AS project_name,
       d.reason,
       d.declared_from,
       d.declared_to,
       d.provenance::text AS provenance,
       (d.provenance = 'demo' OR p.provenance = 'demo') AS is_demo
FROM impartiality_declaration d
JOIN council_member m ON m.id = d.member_id
JOIN project p ON p.id = d.project_id
ORDER BY d.declared_from DESC, d.id DESC;
