-- The recommendations behind a breakdown (drill-down): the figure filters plus focus area,
-- subcategory and follow-up state; newest assessment first, at most :limit rows, each carrying
-- the number of rows that match (total_rows), so the page can say when the list is cut.
WITH filtered AS (
    SELECT r.id, a.month, p.name AS project, f.position AS focus_position, s.position AS sub_position,
           count(*) OVER () AS total_rows
    FROM recommendation r
    JOIN activity a ON a.id = r.activity_id
    JOIN subcategory s ON s.code = r.subcategory
    JOIN focus_area f ON f.code = s.focus_area
    JOIN project p ON p.id = a.project_id
    LEFT JOIN risk_assessment_result res ON res.activity_id = r.activity_id
    WHERE a.month BETWEEN :month_from AND :month_to
      AND (CAST(:profiles AS text[]) IS NULL OR res.profile::text = ANY (CAST(:profiles AS text[])))
      AND (CAST(:organisation AS text) IS NULL OR EXISTS (
            SELECT 1 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
            WHERE pr.project_id = a.project_id AND o.name = CAST(:organisation AS text)))
      AND (CAST(:project AS text) IS NULL OR p.slug = CAST(:project AS text))
      AND (CAST(:search AS text) IS NULL
           OR r.search_vector @@ websearch_to_tsquery('danish', CAST(:search AS text)))
      AND (CAST(:focus_area AS text) IS NULL OR s.focus_area = CAST(:focus_area AS text))
      AND (CAST(:subcategory AS text) IS NULL OR r.subcategory = CAST(:subcategory AS text))
      AND (CAST(:followup AS text) IS NULL
           OR recommendation_followup_state(r.response, r.implementation) = CAST(:followup AS text))
), page AS (
    -- Sort and cut on narrow rows; the texts are fetched for the rows shown only.
    SELECT * FROM filtered
    ORDER BY month DESC, project, focus_position, sub_position, id
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
JOIN activity a ON a.id = r.activity_id
JOIN project p ON p.id = a.project_id
JOIN subcategory s ON s.code = r.subcategory
JOIN focus_area f ON f.code = s.focus_area
LEFT JOIN risk_assessment_result res ON res.activity_id = r.activity_id
ORDER BY pg.month DESC, pg.project, pg.focus_position, pg.sub_position, pg.id;
