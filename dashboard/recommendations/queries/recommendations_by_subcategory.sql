-- Report figure 3, computed: recommendations by focus area and subcategory, with the same filters
-- as figure 2. Share of all filtered recommendations and share within the focus area.
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
