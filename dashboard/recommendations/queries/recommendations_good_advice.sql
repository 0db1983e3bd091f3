-- The report's gode råd (section 3), by focus area in the report's order.
SELECT g.focus_area, f.name_da AS focus_name_da, f.name_en AS focus_name_en, g.title::text AS title,
       g.text::text AS text, g.source_ref
FROM good_advice g
JOIN focus_area f ON f.code = g.focus_area
ORDER BY f.position, g.position;
