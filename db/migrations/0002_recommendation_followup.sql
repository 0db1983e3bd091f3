-- 0002: what a project did with a recommendation (the responsum) and how far it got.
-- One current follow-up per recommendation; its history is kept by the audit trail.

DO $$ BEGIN
    -- The project's written response (responsum) to a recommendation.
    CREATE TYPE recommendation_response AS ENUM ('accepted', 'partly_accepted', 'not_accepted');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- Later implementation of an accepted (or partly accepted) recommendation.
    CREATE TYPE implementation_status AS ENUM ('not_started', 'in_progress', 'implemented', 'dropped');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

ALTER TABLE recommendation ADD COLUMN IF NOT EXISTS response recommendation_response;
ALTER TABLE recommendation ADD COLUMN IF NOT EXISTS response_date date;
ALTER TABLE recommendation ADD COLUMN IF NOT EXISTS implementation implementation_status;
ALTER TABLE recommendation ADD COLUMN IF NOT EXISTS implementation_date date;
ALTER TABLE recommendation ADD COLUMN IF NOT EXISTS followup_by text;
ALTER TABLE recommendation ADD COLUMN IF NOT EXISTS followup_at timestamptz;

COMMENT ON COLUMN recommendation.response IS 'The project''s response in its responsum: accepted, partly accepted or not accepted.';
COMMENT ON COLUMN recommendation.implementation IS 'How far the project has come in carrying out the recommendation.';
COMMENT ON COLUMN recommendation.followup_by IS 'Who recorded the latest follow-up (response or implementation).';

DO $$ BEGIN
    -- A response has its date; an implementation status has its date.
    ALTER TABLE recommendation ADD CONSTRAINT recommendation_response_dated
        CHECK ((response IS NULL) = (response_date IS NULL));
    ALTER TABLE recommendation ADD CONSTRAINT recommendation_implementation_dated
        CHECK ((implementation IS NULL) = (implementation_date IS NULL));
    -- Implementation follows a response, and a rejected recommendation is not implemented.
    ALTER TABLE recommendation ADD CONSTRAINT recommendation_implementation_after_response
        CHECK (implementation IS NULL OR (response IS NOT NULL AND implementation_date >= response_date));
    ALTER TABLE recommendation ADD CONSTRAINT recommendation_rejected_not_implemented
        CHECK (NOT (response = 'not_accepted' AND implementation IN ('in_progress', 'implemented')));
    -- Whoever recorded a follow-up is named, with the time.
    ALTER TABLE recommendation ADD CONSTRAINT recommendation_followup_recorded
        CHECK ((response IS NULL AND implementation IS NULL) OR (followup_by IS NOT NULL AND followup_at IS NOT NULL));
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
