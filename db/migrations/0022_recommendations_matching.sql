-- 0022: the recommendation filters in one place. The page's figures, list and follow-up overview
-- (dashboard/queries/recommendations_*.sql) all read the recommendations that match the page's
-- filters from this function, so a filter means the same in every view.
--
-- Every filter is NULL for "all". The function must stay inlinable, so that PostgreSQL plans the
-- callers' query with the filters' values and drops the conditions of the NULL ones (a plan that
-- keeps them is far slower): LANGUAGE sql, STABLE (not VOLATILE), not STRICT, no SET clause,
-- not SECURITY DEFINER, a single SELECT, and output types exactly those of the columns.
-- Parameter names differ from every column name, which would take precedence in the body.
CREATE OR REPLACE FUNCTION recommendations_matching(
    period_from date,                -- assessment month, first (inclusive)
    period_to date,                  -- assessment month, last (inclusive)
    risk_profiles text[],            -- the assessment's risk profile is one of these
    responsible_organisation text,   -- organisation.name among the project's responsible
    project_slug text,               -- project.slug
    search_terms text,               -- websearch_to_tsquery('danish', ...) on the text
    focus_area_code text,            -- the subcategory's focus area (drill-down)
    subcategory_code text,           -- the subcategory (drill-down)
    followup_state text              -- recommendation_followup_state (drill-down)
) RETURNS TABLE (
    recommendation_id integer,
    activity_id integer,
    project_id integer,
    month month_date,
    subcategory text,
    response recommendation_response,
    implementation implementation_status,
    provenance provenance_kind
) LANGUAGE sql STABLE AS $$
    SELECT r.id, r.activity_id, a.project_id, a.month, r.subcategory, r.response, r.implementation,
           r.provenance
    FROM recommendation r
    JOIN activity a ON a.id = r.activity_id
    WHERE a.month BETWEEN period_from AND period_to
      AND (risk_profiles IS NULL OR EXISTS (
            SELECT 1 FROM risk_assessment_result res
            WHERE res.activity_id = r.activity_id AND res.profile::text = ANY (risk_profiles)))
      AND (responsible_organisation IS NULL OR a.project_id IN (
            SELECT pr.project_id FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
            WHERE o.name = responsible_organisation))
      AND (project_slug IS NULL OR a.project_id = (SELECT p.id FROM project p WHERE p.slug = project_slug))
      AND (search_terms IS NULL OR r.search_vector @@ websearch_to_tsquery('danish', search_terms))
      AND (focus_area_code IS NULL
           OR r.subcategory IN (SELECT s.code FROM subcategory s WHERE s.focus_area = focus_area_code))
      AND (subcategory_code IS NULL OR r.subcategory = subcategory_code)
      AND (followup_state IS NULL
           OR recommendation_followup_state(r.response, r.implementation) = followup_state)
$$;
COMMENT ON FUNCTION recommendations_matching IS
    'The recommendations that match the Anbefalinger page''s filters (period of the assessment, risk profiles, responsible organisation, project, Danish full-text search, focus area, subcategory, follow-up state); a NULL filter means all. Inlined into the calling query, so the NULL filters cost nothing.';
