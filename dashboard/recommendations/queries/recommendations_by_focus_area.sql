-- Report figure 2, computed: recommendations by focus area for the chosen period (assessment
-- month), risk profiles, responsible organisation, project and search, beside the published
-- figure 2 share and the difference in percentage points. Every focus area appears, also with 0.
WITH filtered AS (
    SELECT m.subcategory, m.provenance
    FROM recommendations_matching(
        period_from => :month_from, period_to => :month_to, risk_profiles => CAST(:profiles AS text[]),
        responsible_organisation => :organisation, project_slug => :project, search_terms => :search,
        -- The figures are the breakdowns the drill-down filters pick from.
        focus_area_code => NULL, subcategory_code => NULL, followup_state => NULL,
        -- "Anbefalinger fra risikovurderinger": a sparring meeting's recommendations are not counted.
        activity_kinds => CAST('{risk_assessment}' AS text[])) m
    -- include_demo false: the documents of dashboard/reports leave demo recommendations out.
    WHERE CAST(:include_demo AS boolean) OR m.provenance <> 'demo'
), by_subcategory AS (
    SELECT subcategory, count(*) AS n, bool_or(provenance = 'demo') AS has_demo
    FROM filtered GROUP BY subcategory
), counts AS (
    SELECT s.focus_area, sum(b.n) AS n, bool_or(b.has_demo) AS has_demo
    FROM by_subcategory b JOIN subcategory s ON s.code = b.subcategory
    GROUP BY s.focus_area
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
