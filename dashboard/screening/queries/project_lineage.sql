-- Which projects one project continues, and which continue it: the same rows read both ways.
SELECT 'continues' AS direction, other.slug, other.name, l.note, l.provenance::text AS provenance, l.source_ref
FROM project_lineage l
JOIN project me ON me.id = l.successor_id
JOIN project other ON other.id = l.predecessor_id
WHERE me.slug = :slug
UNION ALL
SELECT 'continued_by' AS direction, other.slug, other.name, l.note, l.provenance::text AS provenance, l.source_ref
FROM project_lineage l
JOIN project me ON me.id = l.predecessor_id
JOIN project other ON other.id = l.successor_id
WHERE me.slug = :slug
ORDER BY direction DESC, name;
