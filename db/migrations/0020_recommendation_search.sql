-- 0020: the experience database (erfaringsdatabase): search the council's recommendations and
-- read their follow-up as one state.

-- Full-text search with PostgreSQL's Danish configuration, so inflected Danish words match
-- ("tidsplanen" finds "tidsplan"). A generated column keeps the index in step with every write,
-- whoever writes (forms, imports, demo set).
ALTER TABLE recommendation ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('danish'::regconfig, text)) STORED;
COMMENT ON COLUMN recommendation.search_vector IS
    'The text as Danish search terms (to_tsvector(''danish'', text)); derived, never written. Search with websearch_to_tsquery(''danish'', ...).';
CREATE INDEX IF NOT EXISTS recommendation_search_idx ON recommendation USING gin (search_vector);

-- Breakdowns filter on the assessment (period, profile, project); the follow-up overview groups
-- by it. recommendation_activity_idx (schema.sql) already serves the join.
CREATE INDEX IF NOT EXISTS activity_held_assessment_idx ON activity (month)
    WHERE type = 'risk_assessment' AND state = 'held';

-- Where a recommendation stands, from the project's response and its implementation. One
-- definition, used by every query, so the page, the project page and downloads agree.
--   awaiting_response  no responsum recorded yet                           (open)
--   not_accepted       the project declined it                             (closed)
--   not_started        accepted or partly accepted, not begun              (open)
--   in_progress        being carried out                                   (open)
--   implemented        carried out                                         (closed)
--   dropped            accepted, later given up                            (closed)
CREATE OR REPLACE FUNCTION recommendation_followup_state(
    response recommendation_response, implementation implementation_status
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN response IS NULL THEN 'awaiting_response'
        WHEN response = 'not_accepted' THEN 'not_accepted'
        WHEN implementation = 'in_progress' THEN 'in_progress'
        WHEN implementation = 'implemented' THEN 'implemented'
        WHEN implementation = 'dropped' THEN 'dropped'
        ELSE 'not_started'
    END
$$;
COMMENT ON FUNCTION recommendation_followup_state IS
    'Follow-up state of a recommendation: awaiting_response, not_accepted, not_started, in_progress, implemented or dropped.';

CREATE OR REPLACE FUNCTION recommendation_is_open(
    response recommendation_response, implementation implementation_status
) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT recommendation_followup_state(response, implementation) IN ('awaiting_response', 'not_started', 'in_progress')
$$;
COMMENT ON FUNCTION recommendation_is_open IS
    'A recommendation is open until it is implemented, dropped or declined.';
