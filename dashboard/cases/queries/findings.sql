-- The risks identified and the recommendations of a case (its activity), classified by focus area
-- and subcategory, with each recommendation's follow-up.
SELECT 'risk' AS finding,
       x.id,
       f.code AS focus_area,
       f.name_da AS focus_area_da, f.name_en AS focus_area_en,
       s.name_da AS subcategory_da, s.name_en AS subcategory_en,
       x.text,
       NULL AS followup,
       x.provenance::text AS provenance
FROM assessment_case c
JOIN identified_risk x ON x.activity_id = c.activity_id
JOIN subcategory s ON s.code = x.subcategory JOIN focus_area f ON f.code = s.focus_area
WHERE c.id = CAST(:case_id AS integer)
UNION ALL
SELECT 'recommendation', x.id, f.code, f.name_da, f.name_en, s.name_da, s.name_en, x.text,
       recommendation_followup_state(x.response, x.implementation), x.provenance::text
FROM assessment_case c
JOIN recommendation x ON x.activity_id = c.activity_id
JOIN subcategory s ON s.code = x.subcategory JOIN focus_area f ON f.code = s.focus_area
WHERE c.id = CAST(:case_id AS integer)
ORDER BY finding DESC, focus_area, id;
