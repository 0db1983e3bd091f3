-- The risks identified by risk assessments and sparring meetings (identified_risk, migration 0050),
-- stored beside the recommendations in the experience database and found the same way: the
-- recommendation list's filters (period of the activity, risk profiles, responsible organisation,
-- project, Danish full-text search on the text, focus area, subcategory, the activity's type),
-- each NULL for all. Newest first, at most :limit rows, each carrying the number that match
-- (total_rows); each with its case (NULL when the activity has none) and project.
WITH filtered AS (
    SELECT x.id, a.month, a.project_id, a.type AS activity_type, x.subcategory, count(*) OVER () AS total_rows
    FROM identified_risk x
    JOIN activity a ON a.id = x.activity_id
    WHERE a.month BETWEEN CAST(:month_from AS date) AND CAST(:month_to AS date)
      AND (CAST(:activities AS text[]) IS NULL OR a.type::text = ANY (CAST(:activities AS text[])))
      AND (CAST(:profiles AS text[]) IS NULL OR EXISTS (
            SELECT 1 FROM risk_assessment_result res
            WHERE res.activity_id = x.activity_id AND res.profile::text = ANY (CAST(:profiles AS text[]))))
      AND (CAST(:organisation AS text) IS NULL OR a.project_id IN (
            SELECT pr.project_id FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
            WHERE o.name = CAST(:organisation AS text)))
      AND (CAST(:project AS text) IS NULL
           OR a.project_id = (SELECT p.id FROM project p WHERE p.slug = CAST(:project AS text)))
      AND (CAST(:search AS text) IS NULL
           OR x.search_vector @@ websearch_to_tsquery('danish', CAST(:search AS text)))
      AND (CAST(:focus_area AS text) IS NULL
           OR x.subcategory IN (SELECT s.code FROM subcategory s WHERE s.focus_area = CAST(:focus_area AS text)))
      AND (CAST(:subcategory AS text) IS NULL OR x.subcategory = CAST(:subcategory AS text))
), page AS (
    SELECT fl.*, p.name AS project, f.position AS focus_position, s.position AS sub_position
    FROM filtered fl
    JOIN project p ON p.id = fl.project_id
    JOIN subcategory s ON s.code = fl.subcategory
    JOIN focus_area f ON f.code = s.focus_area
    ORDER BY fl.month DESC, p.name, f.position, s.position, fl.id
    LIMIT :limit
)
SELECT x.id AS risk_id, c.id AS case_id, p.slug, p.name AS project, pg.month,
       pg.activity_type::text AS activity_type, res.profile::text AS risk_profile,
       s.focus_area, f.name_da AS focus_name_da, f.name_en AS focus_name_en, x.subcategory,
       s.name_da AS subcategory_name_da, s.name_en AS subcategory_name_en, x.text::text AS text,
       x.provenance::text AS provenance, (x.provenance = 'demo' OR p.provenance = 'demo') AS is_demo,
       pg.total_rows::int AS total_rows
FROM page pg
JOIN identified_risk x ON x.id = pg.id
JOIN project p ON p.id = pg.project_id
JOIN subcategory s ON s.code = x.subcategory
JOIN focus_area f ON f.code = s.focus_area
LEFT JOIN assessment_case c ON c.activity_id = x.activity_id
LEFT JOIN risk_assessment_result res ON res.activity_id = x.activity_id
ORDER BY pg.month DESC, pg.project, pg.focus_position, pg.sub_position, pg.id;
