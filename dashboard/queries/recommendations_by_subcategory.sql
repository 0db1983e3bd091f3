-- Report figure 3, computed: recommendations by focus area and subcategory, with the same filters
-- as figure 2. Share of all filtered recommendations and share within the focus area.
WITH filtered AS (
    SELECT r.subcategory, r.provenance
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
), counts AS (
    SELECT subcategory, count(*) AS n, bool_or(provenance = 'demo') AS has_demo
    FROM filtered GROUP BY subcategory
), rows AS (
    SELECT f.code AS focus_area, f.name_da AS focus_name_da, f.name_en AS focus_name_en, f.position AS focus_position,
           s.code AS subcategory, s.name_da, s.name_en, s.position, coalesce(c.n, 0) AS n,
           coalesce(c.has_demo, false) AS is_demo
    FROM subcategory s
    JOIN focus_area f ON f.code = s.focus_area
    LEFT JOIN counts c ON c.subcategory = s.code
)
SELECT focus_area, focus_name_da, focus_name_en, subcategory, name_da, name_en, n::int AS count,
       coalesce(100.0 * n / nullif(sum(n) OVER (), 0), 0)::float8 AS share_pct,
       coalesce(100.0 * n / nullif(sum(n) OVER (PARTITION BY focus_area), 0), 0)::float8 AS share_of_focus_pct,
       is_demo
FROM rows
ORDER BY focus_position, position;
