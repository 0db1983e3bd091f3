-- The recommendations behind a breakdown (drill-down): the figure filters plus focus area,
-- subcategory, follow-up state and the activity (risk assessment or sparring meeting: the list
-- shows both unless asked, the figures count risk assessments only); newest first, at most
-- :limit rows, each carrying the number of rows that match (total_rows), so the page can say
-- when the list is cut.
WITH filtered AS (
    SELECT m.recommendation_id AS id, m.month, m.project_id, m.subcategory, m.activity_type,
           count(*) OVER () AS total_rows
    FROM recommendations_matching(
        period_from => :month_from, period_to => :month_to, risk_profiles => CAST(:profiles AS text[]),
        responsible_organisation => :organisation, project_slug => :project, search_terms => :search,
        focus_area_code => :focus_area, subcategory_code => :subcategory, followup_state => :followup,
        activity_kinds => CAST(:activities AS text[])) m
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
SELECT r.id AS recommendation_id, p.slug, p.name AS project, pg.month, pg.activity_type::text AS activity_type,
       res.profile::text AS risk_profile,
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
