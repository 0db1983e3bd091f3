-- 0061: dated status texts. "Status pr. marts 2024" (report table 1) is a snapshot: a project's
-- status text is valid from its month until the next one. Every status text the project has had is
-- kept here with its month, so a report for any date shows the text valid then (the latest one
-- dated no later than that month), and the project page shows the history.
--
-- project.status_text / status_date stay the project's current text (what the entry form edits and
-- every page reads). A trigger on project writes each new text here, whoever writes it (the
-- entry form, the seed, a script), with the provenance of the project row that carried it:
--   a new month            -> a new row (the earlier texts stay as they were);
--   the same month again   -> that month's row is replaced (a correction; the audit trail keeps
--                             the earlier wording).
-- Clearing the project's text removes nothing here: the history is history.

CREATE TABLE IF NOT EXISTS project_status_text (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    status_date  month_date NOT NULL,
    status_text  long_text NOT NULL,
    provenance   provenance_kind NOT NULL,
    source_ref   text,
    entered_by   text,
    entered_at   timestamptz,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_status_text_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    -- One text per project and month: the month is the text's date ("Status pr. <måned år>").
    CONSTRAINT project_status_text_one_per_month UNIQUE (project_id, status_date),
    CONSTRAINT project_status_text_in_council_era CHECK (status_date >= DATE '2019-01-01')
);
COMMENT ON TABLE project_status_text IS
    'A project''s status text with the month it describes ("Status pr. marts 2024"): every text the project has had, so a report for any date shows the text valid then.';
COMMENT ON COLUMN project_status_text.status_date IS
    'The month the text describes; it is valid until the project''s next text.';
COMMENT ON COLUMN project_status_text.recorded_at IS
    'When this row was written (by the entry form, the seed or migration 0061).';

-- Written by the trigger below as whoever changes the project (the entry form's itraad_writer);
-- itraad_secure_tables() adds the audit and data_version triggers and the grants.

CREATE OR REPLACE FUNCTION record_project_status_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Undo of a deleted project (dashboard/entry/service.py restore) puts the project's history
    -- rows back from the audit trail itself; a row written here would collide with them.
    IF coalesce(current_setting('itraad.reason', true), '') LIKE 'restore:%' THEN
        RETURN NULL;
    END IF;
    INSERT INTO project_status_text AS h
           (project_id, status_date, status_text, provenance, source_ref, entered_by, entered_at)
    VALUES (NEW.id, NEW.status_date, NEW.status_text, NEW.provenance, NEW.source_ref,
            NEW.entered_by, NEW.entered_at)
    ON CONFLICT (project_id, status_date) DO UPDATE
        SET status_text = EXCLUDED.status_text, provenance = EXCLUDED.provenance,
            source_ref = EXCLUDED.source_ref, entered_by = EXCLUDED.entered_by,
            entered_at = EXCLUDED.entered_at, recorded_at = now()
        WHERE (h.status_text, h.provenance, h.source_ref, h.entered_by)
              IS DISTINCT FROM (EXCLUDED.status_text, EXCLUDED.provenance, EXCLUDED.source_ref, EXCLUDED.entered_by);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION record_project_status_text IS
    'Keeps project_status_text in step with project.status_text/status_date: a new month adds a row, the same month replaces it.';

DROP TRIGGER IF EXISTS project_status_text_on_insert ON project;
CREATE TRIGGER project_status_text_on_insert AFTER INSERT ON project
    FOR EACH ROW WHEN (NEW.status_text IS NOT NULL)
    EXECUTE FUNCTION record_project_status_text();
DROP TRIGGER IF EXISTS project_status_text_on_update ON project;
CREATE TRIGGER project_status_text_on_update AFTER UPDATE OF status_text, status_date ON project
    FOR EACH ROW WHEN (NEW.status_text IS NOT NULL
                       AND (OLD.status_text, OLD.status_date) IS DISTINCT FROM (NEW.status_text, NEW.status_date))
    EXECUTE FUNCTION record_project_status_text();

-- The texts already in the database, with the provenance of the row that holds them: a published
-- text names its report section, an entered one who last entered the project and when.
INSERT INTO project_status_text (project_id, status_date, status_text, provenance, source_ref, entered_by, entered_at)
SELECT p.id, p.status_date, p.status_text, p.provenance, p.source_ref, p.entered_by, p.entered_at
FROM project p
WHERE p.status_text IS NOT NULL
ON CONFLICT (project_id, status_date) DO NOTHING;

CREATE INDEX IF NOT EXISTS project_status_text_date_idx ON project_status_text (status_date);
