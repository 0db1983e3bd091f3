-- 0056: the recommendations' activity. Since migration 0050 a sparring meeting's minutes may carry
-- recommendations (report section 10), but figures 2 and 3 count "Anbefalinger fra
-- risikovurderinger" only. recommendations_matching (migration 0022) gets one more filter, the
-- activity's type (NULL = all), and returns it; everything else is as in 0022, and the function
-- stays inlinable (see 0022's notes). A revisit (genbesøg) carries no recommendations
-- (recommendation_from_letter_or_minutes), and the annual report counts revisits apart from risk
-- assessments, so a figure that asks for 'risk_assessment' means exactly the risk assessments.
--
-- The return type changes, so the old function is dropped first (CREATE OR REPLACE cannot change
-- it); every caller names its arguments, and the new one has a default, so callers of 0022's
-- nine arguments keep working.
DROP FUNCTION IF EXISTS recommendations_matching(date, date, text[], text, text, text, text, text, text);
DROP FUNCTION IF EXISTS recommendations_matching(date, date, text[], text, text, text, text, text, text, text[]);
CREATE FUNCTION recommendations_matching(
    period_from date,                -- activity month, first (inclusive)
    period_to date,                  -- activity month, last (inclusive)
    risk_profiles text[],            -- the assessment's risk profile is one of these
    responsible_organisation text,   -- organisation.name among the project's responsible
    project_slug text,               -- project.slug
    search_terms text,               -- websearch_to_tsquery('danish', ...) on the text
    focus_area_code text,            -- the subcategory's focus area (drill-down)
    subcategory_code text,           -- the subcategory (drill-down)
    followup_state text,             -- recommendation_followup_state (drill-down)
    activity_kinds text[] DEFAULT NULL  -- the activity's type is one of these (figures 2 and 3: risk assessments)
) RETURNS TABLE (
    recommendation_id integer,
    activity_id integer,
    project_id integer,
    month month_date,
    subcategory text,
    response recommendation_response,
    implementation implementation_status,
    provenance provenance_kind,
    activity_type activity_type
) LANGUAGE sql STABLE AS $$
    SELECT r.id, r.activity_id, a.project_id, a.month, r.subcategory, r.response, r.implementation,
           r.provenance, a.type
    FROM recommendation r
    JOIN activity a ON a.id = r.activity_id
    WHERE a.month BETWEEN period_from AND period_to
      AND (activity_kinds IS NULL OR a.type::text = ANY (activity_kinds))
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
    'The recommendations that match the Anbefalinger page''s filters (period of the activity, risk profiles, responsible organisation, project, Danish full-text search, focus area, subcategory, follow-up state, the activity''s type: risk assessment or sparring meeting); a NULL filter means all. Figures 2 and 3 ask for risk assessments only. Inlined into the calling query, so the NULL filters cost nothing.';
