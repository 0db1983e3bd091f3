-- Headline numbers of the overview: held activities by type and the span of years they cover,
-- held activities by type and year (first_year = last_year = the year), projects by state, and
-- risk profiles (latest per project).
SELECT 'held_by_type' AS figure, type::text AS code, count(*)::int AS value,
       min(extract(year FROM month))::int AS first_year, max(extract(year FROM month))::int AS last_year
FROM activity WHERE state = 'held' GROUP BY type
UNION ALL
SELECT 'held_per_year', type::text, count(*)::int, extract(year FROM month)::int, extract(year FROM month)::int
FROM activity WHERE state = 'held' GROUP BY type, extract(year FROM month)
UNION ALL
SELECT 'projects_by_state', state::text, count(*)::int, NULL, NULL FROM project GROUP BY state
UNION ALL
SELECT 'profiles', profile::text, count(*)::int, NULL, NULL
FROM (SELECT DISTINCT ON (a.project_id) r.profile
      FROM risk_assessment_result r JOIN activity a ON a.id = r.activity_id
      ORDER BY a.project_id, a.month DESC NULLS LAST) latest
GROUP BY profile
ORDER BY 1, 2;
