-- The council's members with their terms and how many cases each took part in.
SELECT m.id AS member_id,
       m.name,
       m.title,
       m.organisation,
       m.affiliation::text AS affiliation,
       m.is_chair,
       m.term_from,
       m.term_to,
       (SELECT count(*) FROM case_member cm WHERE cm.member_id = m.id) AS cases,
       m.provenance::text AS provenance,
       m.source_ref,
       m.provenance = 'demo' AS is_demo
FROM council_member m
ORDER BY m.position NULLS LAST, m.name;
