-- The council's focus areas and subcategories, in the report's order: the causes a yellow or
-- red status can be classified under (the status page's choices).
SELECT f.code AS focus_area, f.name_da AS focus_area_da, f.name_en AS focus_area_en,
       sc.code AS subcategory, sc.name_da AS subcategory_da, sc.name_en AS subcategory_en
FROM subcategory sc
JOIN focus_area f ON f.code = sc.focus_area
ORDER BY f.position, sc.position;
