-- 0071: the council's rule for what must be risk-assessed (report section 9), in one place.
--
-- screening_facts(judged_on) judges every project as of a day from what was known that day: its
-- type, its newest budget row dated on or before the day, the threshold in force that day, its
-- phase, and its latest held risk assessment. The screening page, the portfolio's column and
-- filter, the project page and the figures all read it (dashboard/screening), so the rule means
-- the same everywhere; dashboard/screening/rules.py puts its reason codes into words.
--
-- The rule, in the order it is applied:
--   no type recorded                                  -> unknown       type_missing
--   a regional project                                -> not_required  regional_project
--   neither new development nor substantial adaptation -> not_required no_development
--   no threshold in force for its kind that day       -> unknown       no_threshold
--   no budget (cross-public: no regional share)        -> unknown       budget_missing / share_missing
--   the amount is not OVER the threshold (10 = 10)     -> not_required  not_over_threshold
--   over, but development not recorded                 -> unknown       development_missing
--   over                                               -> required      over_threshold
-- "Over" is strictly greater: the report says "over 10 mio. kr." and "mere end 10 mio. kr.".
--
-- Re-assessment ("hvis udgifterne til projektet viser sig at stige til over 10 mio. kr."): the
-- project must be assessed now, its latest assessment was held, the amount known at that
-- assessment (the newest row dated in or before the assessment's month) was not over the
-- threshold then in force, and the amount that is over now was dated after that month.
-- An amount not known at the assessment is not evidence of a rise, so it triggers nothing.

CREATE OR REPLACE FUNCTION screening_facts(judged_on date)
RETURNS TABLE (
    project_id                integer,
    scope                     text,
    development               text,
    phase                     text,
    phase_since               date,
    budget_id                 integer,
    budget_kind               text,
    budget_as_of              date,
    budget_mkr                float8,
    regional_share_mkr        float8,
    start_on                  date,
    planned_end_on            date,
    current_end_on            date,
    amount_mkr                float8,
    threshold_mkr             float8,
    threshold_from            date,
    verdict                   text,
    reason                    text,
    assessed_month            date,
    assessment_amount_mkr     float8,
    assessment_threshold_mkr  float8,
    phase_at_assessment       text,
    reassessment              boolean,
    facts_demo                boolean
) LANGUAGE sql STABLE AS $$
WITH known AS (
    SELECT p.id AS project_id,
           ty.scope, ty.development, ty.provenance AS type_provenance,
           ph.phase, ph.began_on AS phase_since, ph.provenance AS phase_provenance,
           am.assessed_month,
           b.budget_id, b.budget_kind, b.budget_as_of, b.budget_mkr, b.regional_share_mkr, b.budget_provenance,
           b.start_on, b.planned_end_on, b.current_end_on, b.assessment_budget_mkr, b.assessment_share_mkr,
           th.amount_mkr AS threshold_mkr, th.valid_from AS threshold_from,
           tha.amount_mkr AS assessment_threshold_mkr,
           pha.phase AS phase_at_assessment
    FROM project p
    LEFT JOIN project_type ty ON ty.project_id = p.id
    LEFT JOIN LATERAL (
        SELECT x.phase, x.began_on, x.provenance FROM project_phase x
        WHERE x.project_id = p.id AND x.began_on <= judged_on
        ORDER BY x.began_on DESC LIMIT 1) ph ON true
    LEFT JOIN LATERAL (
        SELECT max(a.month) AS assessed_month FROM activity a
        WHERE a.project_id = p.id AND a.type = 'risk_assessment' AND a.state = 'held' AND a.month <= judged_on) am ON true
    LEFT JOIN LATERAL (
        -- The newest row's figures, the newest start and ends, and what was known at the assessment
        -- (rows dated before the month after it).
        SELECT (array_agg(x.id ORDER BY x.as_of DESC, x.id DESC))[1] AS budget_id,
               (array_agg(x.kind::text ORDER BY x.as_of DESC, x.id DESC))[1] AS budget_kind,
               (array_agg(x.as_of ORDER BY x.as_of DESC, x.id DESC))[1] AS budget_as_of,
               (array_agg(x.amount_mkr ORDER BY x.as_of DESC, x.id DESC))[1] AS budget_mkr,
               (array_agg(x.regional_share_mkr ORDER BY x.as_of DESC, x.id DESC))[1] AS regional_share_mkr,
               (array_agg(x.provenance ORDER BY x.as_of DESC, x.id DESC))[1] AS budget_provenance,
               (array_agg(x.start_on ORDER BY x.as_of DESC, x.id DESC) FILTER (WHERE x.start_on IS NOT NULL))[1] AS start_on,
               (array_agg(x.end_on ORDER BY x.as_of DESC, x.id DESC)
                    FILTER (WHERE x.kind = 'baseline' AND x.end_on IS NOT NULL))[1] AS planned_end_on,
               (array_agg(x.end_on ORDER BY x.as_of DESC, x.id DESC) FILTER (WHERE x.end_on IS NOT NULL))[1] AS current_end_on,
               (array_agg(x.amount_mkr ORDER BY x.as_of DESC, x.id DESC)
                    FILTER (WHERE x.as_of < am.assessed_month + interval '1 month'))[1] AS assessment_budget_mkr,
               (array_agg(x.regional_share_mkr ORDER BY x.as_of DESC, x.id DESC)
                    FILTER (WHERE x.as_of < am.assessed_month + interval '1 month'))[1] AS assessment_share_mkr
        FROM project_budget x
        WHERE x.project_id = p.id AND x.as_of <= judged_on) b ON true
    LEFT JOIN LATERAL (
        SELECT t.amount_mkr, t.valid_from FROM assessment_threshold t
        WHERE t.applies_to = ty.scope AND t.valid_from <= judged_on
        ORDER BY t.valid_from DESC LIMIT 1) th ON true
    LEFT JOIN LATERAL (
        SELECT t.amount_mkr FROM assessment_threshold t
        WHERE t.applies_to = ty.scope AND t.valid_from < am.assessed_month + interval '1 month'
        ORDER BY t.valid_from DESC LIMIT 1) tha ON true
    LEFT JOIN LATERAL (
        SELECT x.phase FROM project_phase x
        WHERE x.project_id = p.id AND x.began_on < am.assessed_month + interval '1 month'
        ORDER BY x.began_on DESC LIMIT 1) pha ON true
), amounts AS (
    SELECT k.*,
           CASE k.scope WHEN 'cross_public' THEN k.regional_share_mkr ELSE k.budget_mkr END AS amount_mkr,
           CASE k.scope WHEN 'cross_public' THEN k.assessment_share_mkr ELSE k.assessment_budget_mkr END
               AS assessment_amount_mkr
    FROM known k
), judged AS (
    SELECT a.*,
           CASE
               WHEN a.scope IS NULL THEN 'type_missing'
               WHEN a.scope = 'regional' THEN 'regional_project'
               WHEN a.development = 'neither' THEN 'no_development'
               WHEN a.threshold_mkr IS NULL THEN 'no_threshold'
               WHEN a.amount_mkr IS NULL AND a.scope = 'cross_public' THEN 'share_missing'
               WHEN a.amount_mkr IS NULL THEN 'budget_missing'
               WHEN NOT a.amount_mkr > a.threshold_mkr THEN 'not_over_threshold'
               WHEN a.development IS NULL THEN 'development_missing'
               ELSE 'over_threshold'
           END AS reason
    FROM amounts a
)
SELECT j.project_id, j.scope::text, j.development::text, j.phase::text, j.phase_since,
       j.budget_id, j.budget_kind, j.budget_as_of, j.budget_mkr::float8, j.regional_share_mkr::float8,
       j.start_on, j.planned_end_on, j.current_end_on,
       j.amount_mkr::float8, j.threshold_mkr::float8, j.threshold_from,
       CASE j.reason
           WHEN 'over_threshold' THEN 'required'
           WHEN 'regional_project' THEN 'not_required'
           WHEN 'no_development' THEN 'not_required'
           WHEN 'not_over_threshold' THEN 'not_required'
           ELSE 'unknown'
       END AS verdict,
       j.reason,
       j.assessed_month, j.assessment_amount_mkr::float8, j.assessment_threshold_mkr::float8,
       j.phase_at_assessment::text,
       coalesce(j.reason = 'over_threshold'
                AND j.assessed_month IS NOT NULL
                AND j.assessment_amount_mkr IS NOT NULL AND j.assessment_threshold_mkr IS NOT NULL
                AND NOT j.assessment_amount_mkr > j.assessment_threshold_mkr
                AND j.budget_as_of >= j.assessed_month + interval '1 month', false) AS reassessment,
       (j.type_provenance = 'demo' OR j.phase_provenance = 'demo' OR j.budget_provenance = 'demo') IS TRUE AS facts_demo
FROM judged j
$$;
COMMENT ON FUNCTION screening_facts IS 'Every project judged by the rule of report section 9 as of a day (verdict required / not_required / unknown with a reason code), with the facts it rests on and whether costs rose over the threshold after the latest assessment.';
