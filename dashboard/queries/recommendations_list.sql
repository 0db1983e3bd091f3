-- The recommendations behind a breakdown (drill-down): the figure filters plus focus area,
-- subcategory and follow-up state; newest assessment first, at most :limit rows, each carrying
-- the number of rows that match (total_rows), so the page can say when the list is cut.
WITH filtered AS (
    SELECT r.id, a.month, a.project_id, r.subcategory, count(*) OVER () AS total_rows
    FROM recommendation r
    JOIN activity a ON a.id = r.activity_id
    WHERE a.month BETWEEN :month_from AND :month_to
      -- Each filter is NULL for "all"; PostgreSQL then drops the condition when it plans the query.
      AND (CAST(:profiles AS text[]) IS NULL OR EXISTS (
            SELECT 1 FROM risk_assessment_result res
            WHERE res.activity_id = r.activity_id AND res.profile::text = ANY (CAST(:profiles AS text[]))))
      AND (CAST(:organisation AS text) IS NULL OR a.project_id IN (
            SELECT pr.project_id FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
            WHERE o.name = CAST(:organisation AS text)))
      AND (CAST(:project AS text) IS NULL
           OR a.project_id = (SELECT id FROM project WHERE slug = CAST(:project AS text)))
      AND (CAST(:search AS text) IS NULL
           OR r.search_vector @@ websearch_to_tsquery('danish', CAST(:search AS text)))
      AND (CAST(:focus_area AS text) IS NULL
           OR r.subcategory IN (SELECT code FROM subcategory WHERE focus_area = CAST(:focus_area AS text)))
      AND (CAST(:subcategory AS text) IS NULL OR r.subcategory = CAST(:subcategory AS text))
      AND (CAST(:followup AS text) IS NULL
           OR recommendation_followup_state(r.response, r.implementation) = CAST(:followup AS text))
), page AS (
    -- Sort and cut on narrow rows; the texts are fetched for the rows shown only.
    SELECT fl.*, p.name AS project, f.position AS focus_position, s.position AS sub_position
    FROM filtered fl
    JOIN project p ON p.id = fl.project_id
    JOIN subcategory s ON s.code = fl.subcategory
    JOIN focus_area f ON f.code = s.focus_area
    ORDER BY fl.month DESC, p.name, f.position, s.position, fl.id
    LIMIT :limit
)
SELECT r.id AS recommendation_id, p.slug, p.name AS project, pg.month, res.profile::text AS risk_profile,
       s.focus_area, f.name_da AS focus_name_da, f.name_en AS focus_name_en, r.subcategory,
       s.name_da AS subcategory_name_da, s.name_en AS subcategory_name_en, r.text::text AS text,
       r.response::text AS response, r.response_date, r.implementation::text AS implementation,
       r.implementation_date, recommendation_followup_state(r.response, r.implementation) AS followup_state,
       r.followup_by, r.followup_at, r.provenance::text AS provenance, r.provenance = 'demo' AS is_demo,
       pg.total_rows::int AS total_rows
FROM page pg
JOIN recommendation r ON r.id = pg.id
JOIN project p ON p.id = pg.project_id
JOIN subcategory s ON s.code = r.subcategory
JOIN focus_area f ON f.code = s.focus_area
LEFT JOIN risk_assessment_result res ON res.activity_id = r.activity_id
ORDER BY pg.month DESC, pg.project, pg.focus_position, pg.sub_position, pg.id;
