-- The council's five focus areas and their subcategories, in the report's order (the page's
-- drill-down choices).
SELECT f.code AS focus_area, f.name_da AS focus_name_da, f.name_en AS focus_name_en,
       s.code AS subcategory, s.name_da, s.name_en
FROM subcategory s
JOIN focus_area f ON f.code = s.focus_area
ORDER BY f.position, s.position;
