-- Report figure 2 as published: share of recommendations by focus area.
SELECT s.focus_area, f.name_da, f.name_en, s.share_pct::float8 AS share_pct, s.total_count,
       s.period_from::int AS period_from, s.period_to::int AS period_to, s.source_ref
FROM published_recommendation_share s
JOIN focus_area f ON f.code = s.focus_area
ORDER BY f.position;
