-- Report figure 2, computed: recommendations by focus area for the chosen period (assessment
-- month), risk profiles, responsible organisation, project and search, beside the published
-- figure 2 share and the difference in percentage points. Every focus area appears, also with 0.
WITH filtered AS (
    SELECT s.focus_area, r.provenance
    FROM recommendation r
    JOIN activity a ON a.id = r.activity_id
    JOIN subcategory s ON s.code = r.subcategory
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
), counts AS (
    SELECT focus_area, count(*) AS n, bool_or(provenance = 'demo') AS has_demo
    FROM filtered GROUP BY focus_area
), shares AS (
    SELECT f.code, f.name_da, f.name_en, f.position, coalesce(c.n, 0) AS n,
           coalesce(100.0 * c.n / nullif(sum(c.n) OVER (), 0), 0) AS share_pct,
           coalesce(c.has_demo, false) AS is_demo
    FROM focus_area f LEFT JOIN counts c ON c.focus_area = f.code
)
SELECT sh.code AS focus_area, sh.name_da, sh.name_en, sh.n::int AS count, sh.share_pct::float8 AS share_pct,
       ps.share_pct::float8 AS published_share_pct, ps.total_count AS published_total,
       (sh.share_pct - ps.share_pct)::float8 AS difference_pp, sh.is_demo
FROM shares sh
LEFT JOIN published_recommendation_share ps ON ps.focus_area = sh.code
ORDER BY sh.position;
