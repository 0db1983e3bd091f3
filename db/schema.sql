-- Rådsportalen: the domain of Regionernes It-råd (the Danish Regions' IT Council) as tables.
--
-- This file is the baseline schema (version 1). It is applied once to an empty database;
-- later changes live in db/migrations/NNNN_*.sql and are applied in order, each exactly once
-- (see dashboard/db/migrate.py). Every statement here is idempotent, so applying the file
-- to a database that already has it changes nothing.
--
-- Constraints are the first line of data quality: a row the council would call wrong is
-- rejected by the database itself, whatever program writes it.

-- ---------------------------------------------------------------------------------------
-- Provenance: every fact row says where it comes from.
--   published: taken from the council's annual report (source_ref names the section/table)
--   entered:   typed in by the secretariat (entered_by, entered_at)
--   demo:      the deterministic demo set of `itraad db demo` (removable in one command)
-- ---------------------------------------------------------------------------------------
DO $$ BEGIN
    CREATE TYPE provenance_kind AS ENUM ('published', 'entered', 'demo');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE OR REPLACE FUNCTION provenance_is_complete(
    kind provenance_kind, source_ref text, entered_by text, entered_at timestamptz
) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE kind
        WHEN 'published' THEN source_ref IS NOT NULL AND entered_by IS NULL
        WHEN 'entered'   THEN entered_by IS NOT NULL AND entered_at IS NOT NULL
        WHEN 'demo'      THEN entered_by IS NULL
    END
$$;
COMMENT ON FUNCTION provenance_is_complete IS
    'Published rows name their report section; entered rows name who entered them and when.';

-- Month precision: the report dates activities by month ("februar 2023"). A month is stored
-- as the first day of that month, so ordering and ranges work as dates.
DO $$ BEGIN
    CREATE DOMAIN month_date AS date CHECK (VALUE = date_trunc('month', VALUE)::date);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
COMMENT ON DOMAIN month_date IS 'A calendar month, stored as its first day.';

-- Free text that is shown in the interface: never empty or blank, never a NUL byte
-- (PostgreSQL rejects NUL in text anyway), bounded so a paste accident cannot fill a page.
DO $$ BEGIN
    CREATE DOMAIN short_text AS text CHECK (btrim(VALUE) <> '' AND length(VALUE) <= 200);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE DOMAIN long_text AS text CHECK (btrim(VALUE) <> '' AND length(VALUE) <= 4000);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

-- ---------------------------------------------------------------------------------------
-- Organisations (ansvarlige): regions, Danske Regioner, national bodies, municipalities.
-- ---------------------------------------------------------------------------------------
DO $$ BEGIN
    CREATE TYPE organisation_kind AS ENUM ('region', 'association', 'national_agency', 'municipality');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS organisation (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        short_text NOT NULL UNIQUE,
    kind        organisation_kind NOT NULL,
    provenance  provenance_kind NOT NULL,
    source_ref  text,
    entered_by  text,
    entered_at  timestamptz,
    CONSTRAINT organisation_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at))
);
COMMENT ON TABLE organisation IS 'Ansvarlig organisation: who owns a project (a region, Danske Regioner, a national agency, a municipality).';

-- ---------------------------------------------------------------------------------------
-- Councils the It-råd collaborates with on an assessment (samarbejde med ...).
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS partner_council (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name        short_text NOT NULL UNIQUE
);
COMMENT ON TABLE partner_council IS 'Another IT council that assessed a project together with Regionernes It-råd (Statens It-råd, Københavns Kommunes It-projektråd).';

-- ---------------------------------------------------------------------------------------
-- Projects and programmes.
-- ---------------------------------------------------------------------------------------
DO $$ BEGIN
    -- ongoing = igangværende, completed = afsluttet, closed = lukket (stopped early), paused = pauseret
    CREATE TYPE project_state AS ENUM ('ongoing', 'completed', 'closed', 'paused');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS project (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    name         short_text NOT NULL UNIQUE,
    short_name   text CHECK (short_name IS NULL OR (btrim(short_name) <> '' AND length(short_name) <= 40)),
    purpose      long_text,
    state        project_state NOT NULL,
    is_rsi       boolean,
    budget_mkr   numeric(10, 1) CHECK (budget_mkr IS NULL OR budget_mkr > 0),
    status_text  long_text,
    status_date  month_date,
    end_month    month_date,
    provenance   provenance_kind NOT NULL,
    source_ref   text,
    entered_by   text,
    entered_at   timestamptz,
    CONSTRAINT project_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    -- A status text without its date would be read as current when it may be years old.
    CONSTRAINT project_status_dated CHECK ((status_text IS NULL) = (status_date IS NULL)),
    -- Only a finished project (completed or closed) has an end month.
    CONSTRAINT project_end_only_when_finished CHECK (end_month IS NULL OR state IN ('completed', 'closed'))
);
COMMENT ON TABLE project IS 'A joint-regional IT project or programme the council advises (typically budget over 10 mio. kr.).';
COMMENT ON COLUMN project.slug IS 'Stable, readable identifier used in links (/projekt?id=<slug>); never reused.';
COMMENT ON COLUMN project.is_rsi IS 'Part of the RSI portfolio (Regionernes Sundheds-It), which reports status monthly; NULL where the source does not say.';
COMMENT ON COLUMN project.budget_mkr IS 'Budget in millions of Danish kroner, when known (the report gives none).';
COMMENT ON COLUMN project.status_text IS 'The latest status text (report table 1: "Status pr. marts 2024").';
COMMENT ON COLUMN project.end_month IS 'Month the project was completed (afsluttet) or closed (lukket).';

CREATE TABLE IF NOT EXISTS project_responsible (
    project_id      integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    organisation_id integer NOT NULL REFERENCES organisation (id),
    position        smallint NOT NULL CHECK (position BETWEEN 1 AND 5),
    PRIMARY KEY (project_id, organisation_id),
    UNIQUE (project_id, position)
);
COMMENT ON TABLE project_responsible IS 'Ansvarlig: the organisation(s) responsible for a project, in the order the report names them.';

-- ---------------------------------------------------------------------------------------
-- The council's activities with a project.
-- ---------------------------------------------------------------------------------------
DO $$ BEGIN
    -- sparring_or_assessment: the pipeline's "Sparringsmøde/risikovurdering", not yet decided.
    CREATE TYPE activity_type AS ENUM ('risk_assessment', 'sparring_meeting', 'revisit', 'sparring_or_assessment');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- held = gennemført, planned = planlagt (has a month), awaiting = afventer (no month yet)
    CREATE TYPE activity_state AS ENUM ('held', 'planned', 'awaiting');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS activity (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id         integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    type               activity_type NOT NULL,
    month              month_date,
    state              activity_state NOT NULL,
    partner_council    text REFERENCES partner_council (code),
    plan_year          smallint CHECK (plan_year BETWEEN 2019 AND 2100),
    provenance         provenance_kind NOT NULL,
    source_ref         text,
    entered_by         text,
    entered_at         timestamptz,
    CONSTRAINT activity_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    -- "Afventer" means exactly: no month yet. Held and planned activities have a month.
    CONSTRAINT activity_awaiting_has_no_month CHECK ((state = 'awaiting') = (month IS NULL)),
    -- Something that has happened was either a sparring meeting or an assessment, never undecided.
    CONSTRAINT activity_held_is_decided CHECK (NOT (state = 'held' AND type = 'sparring_or_assessment')),
    -- The council was founded in 2019.
    CONSTRAINT activity_month_in_council_era CHECK (month IS NULL OR month >= DATE '2019-01-01'),
    -- A pipeline item (planned/awaiting for a year) that has a month lies in that year.
    CONSTRAINT activity_month_in_plan_year CHECK (
        plan_year IS NULL OR month IS NULL OR extract(year FROM month) = plan_year),
    -- Only a planned or awaited activity belongs to a year's pipeline.
    CONSTRAINT activity_pipeline_not_held CHECK (plan_year IS NULL OR state <> 'held'),
    UNIQUE (id, type)
);
CREATE INDEX IF NOT EXISTS activity_project_idx ON activity (project_id);
COMMENT ON TABLE activity IS 'A risk assessment (risikovurdering), sparring meeting (sparringsmøde) or revisit (genbesøg), held, planned or awaiting.';
COMMENT ON COLUMN activity.plan_year IS 'Set for pipeline items (report table 2): the year the activity is expected in, also when its month is not yet known (Afventer).';
COMMENT ON COLUMN activity.partner_council IS 'The other council the assessment was made with, if any.';

-- ---------------------------------------------------------------------------------------
-- Risk profiles (report section 9, figure 9).
-- ---------------------------------------------------------------------------------------
DO $$ BEGIN
    CREATE TYPE risk_profile AS ENUM ('A', 'B', 'C');     -- A meget høj, B høj, C normal
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE complexity_level AS ENUM ('low', 'high');  -- kompleksitet: lav / høj
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE risk_level AS ENUM ('few', 'many');        -- kritiske risici: lav/få / mange
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS risk_assessment_result (
    activity_id    integer PRIMARY KEY,
    activity_type  activity_type NOT NULL DEFAULT 'risk_assessment' CHECK (activity_type = 'risk_assessment'),
    profile        risk_profile NOT NULL,
    complexity     complexity_level,
    risk           risk_level,
    provenance     provenance_kind NOT NULL,
    source_ref     text,
    entered_by     text,
    entered_at     timestamptz,
    -- Only a risk assessment yields a risk profile: the composite key makes the database check the type.
    FOREIGN KEY (activity_id, activity_type) REFERENCES activity (id, type) ON DELETE CASCADE,
    CONSTRAINT risk_result_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    -- Complexity and risk level are known together or not at all (the report gives only profiles).
    CONSTRAINT risk_result_axes_together CHECK ((complexity IS NULL) = (risk IS NULL)),
    -- Figure 9: high complexity and many risks is A; low complexity and few risks is C. In between
    -- the council's judgement decides, but it never calls the extremes the other way round.
    CONSTRAINT risk_result_matches_matrix CHECK (
        complexity IS NULL
        OR NOT (complexity = 'high' AND risk = 'many' AND profile = 'C')
        AND NOT (complexity = 'low' AND risk = 'few' AND profile = 'A'))
);
COMMENT ON TABLE risk_assessment_result IS 'The risk profile (risikoprofil) an assessment ended in: A very high, B high, C normal, from complexity and critical risks plus the council''s judgement.';

-- ---------------------------------------------------------------------------------------
-- The council's taxonomy: five focus areas (fokusområder) and their subcategories.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS focus_area (
    code      text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name_da   short_text NOT NULL UNIQUE,
    name_en   short_text NOT NULL UNIQUE,
    position  smallint NOT NULL UNIQUE CHECK (position BETWEEN 1 AND 20)
);
COMMENT ON TABLE focus_area IS 'Fokusområde: the five areas recommendations and status causes are classified in (report section 4).';

CREATE TABLE IF NOT EXISTS subcategory (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    focus_area  text NOT NULL REFERENCES focus_area (code),
    name_da     short_text NOT NULL,
    name_en     short_text NOT NULL,
    position    smallint NOT NULL CHECK (position BETWEEN 1 AND 50),
    UNIQUE (focus_area, name_da),
    UNIQUE (focus_area, position)
);
COMMENT ON TABLE subcategory IS 'Underkategori of a focus area (report sections 4 and 7).';

-- ---------------------------------------------------------------------------------------
-- Recommendations (anbefalinger) from risk assessments.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS recommendation (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    activity_id    integer NOT NULL,
    activity_type  activity_type NOT NULL DEFAULT 'risk_assessment' CHECK (activity_type = 'risk_assessment'),
    subcategory    text NOT NULL REFERENCES subcategory (code),
    text           long_text NOT NULL,
    provenance     provenance_kind NOT NULL,
    source_ref     text,
    entered_by     text,
    entered_at     timestamptz,
    -- Recommendations come from risk assessments (the anbefalingsbrev), nothing else.
    FOREIGN KEY (activity_id, activity_type) REFERENCES activity (id, type) ON DELETE CASCADE,
    CONSTRAINT recommendation_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at))
);
CREATE INDEX IF NOT EXISTS recommendation_activity_idx ON recommendation (activity_id);
CREATE INDEX IF NOT EXISTS recommendation_subcategory_idx ON recommendation (subcategory);
COMMENT ON TABLE recommendation IS 'Anbefaling: one recommendation of a risk assessment''s recommendation letter, classified by subcategory (and so focus area).';

-- The report publishes only the shares of its 105 recommendations by focus area (figure 2).
CREATE TABLE IF NOT EXISTS published_recommendation_share (
    focus_area   text PRIMARY KEY REFERENCES focus_area (code),
    share_pct    numeric(5, 1) NOT NULL CHECK (share_pct BETWEEN 0 AND 100),
    total_count  integer NOT NULL CHECK (total_count > 0),
    period_from  smallint NOT NULL,
    period_to    smallint NOT NULL CHECK (period_to >= period_from),
    source_ref   text NOT NULL
);
COMMENT ON TABLE published_recommendation_share IS 'Figure 2 of the report: share (per cent, rounded by the report) of all recommendations in a period by focus area. A published aggregate, never recomputed.';

-- ---------------------------------------------------------------------------------------
-- Monthly status reports (statusrapportering) of RSI projects, report section 7.
-- ---------------------------------------------------------------------------------------
DO $$ BEGIN
    -- Ordered: green < yellow < red, so the worst of several colours is their greatest.
    CREATE TYPE status_colour AS ENUM ('green', 'yellow', 'red');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- What the project does about a yellow or red status.
    CREATE TYPE status_action AS ENUM ('back_on_plan', 'new_plan', 'close_project');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS status_report (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id         integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    month              month_date NOT NULL,
    deliveries         status_colour NOT NULL,   -- Leverancer
    time               status_colour NOT NULL,   -- Tid
    money              status_colour NOT NULL,   -- Penge
    resources          status_colour NOT NULL,   -- Ressourcer
    -- The overall status is the worst of the four (report section 7); derived, never typed.
    overall            status_colour GENERATED ALWAYS AS (GREATEST(deliveries, time, money, resources)) STORED,
    deliveries_cause   text REFERENCES subcategory (code),
    deliveries_note    long_text,
    time_cause         text REFERENCES subcategory (code),
    time_note          long_text,
    money_cause        text REFERENCES subcategory (code),
    money_note         long_text,
    resources_cause    text REFERENCES subcategory (code),
    resources_note     long_text,
    action             status_action,
    reported_by        short_text NOT NULL,
    reported_at        timestamptz NOT NULL,
    provenance         provenance_kind NOT NULL,
    source_ref         text,
    entered_by         text,
    entered_at         timestamptz,
    CONSTRAINT status_report_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    -- One report per project and month.
    CONSTRAINT status_report_one_per_month UNIQUE (project_id, month),
    -- Every yellow or red parameter has a classified cause and an explanation; a green one has neither.
    CONSTRAINT status_report_deliveries_cause CHECK (
        (deliveries = 'green') = (deliveries_cause IS NULL) AND (deliveries_cause IS NULL) = (deliveries_note IS NULL)),
    CONSTRAINT status_report_time_cause CHECK (
        (time = 'green') = (time_cause IS NULL) AND (time_cause IS NULL) = (time_note IS NULL)),
    CONSTRAINT status_report_money_cause CHECK (
        (money = 'green') = (money_cause IS NULL) AND (money_cause IS NULL) = (money_note IS NULL)),
    CONSTRAINT status_report_resources_cause CHECK (
        (resources = 'green') = (resources_cause IS NULL) AND (resources_cause IS NULL) = (resources_note IS NULL)),
    -- An action answers a yellow or red status; an all-green month needs none.
    CONSTRAINT status_report_action_when_not_green CHECK (
        (action IS NULL) = (deliveries = 'green' AND time = 'green' AND money = 'green' AND resources = 'green')),
    CONSTRAINT status_report_month_in_council_era CHECK (month >= DATE '2019-01-01')
);
CREATE INDEX IF NOT EXISTS status_report_month_idx ON status_report (month);
COMMENT ON TABLE status_report IS 'Monthly status of an RSI project on Leverancer, Tid, Penge and Ressourcer (grøn/gul/rød), with causes for yellow and red.';
COMMENT ON COLUMN status_report.overall IS 'Samlet status: the worst of the four parameters (greatest in the order green < yellow < red).';

-- ---------------------------------------------------------------------------------------
-- When did the data last change? One row, bumped by a statement trigger on every fact table.
-- The app keys its caches on this version, so an edit shows up in every session and every
-- app process on their next rerun, and the overview shows "last changed".
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS data_version (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version     bigint NOT NULL DEFAULT 1,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO data_version (singleton) VALUES (true) ON CONFLICT DO NOTHING;
COMMENT ON TABLE data_version IS 'A counter that grows with every write to the data; cache key for readers.';

CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1, changed_at = now();
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organisation', 'partner_council', 'project', 'project_responsible', 'activity',
                             'risk_assessment_result', 'focus_area', 'subcategory', 'recommendation',
                             'published_recommendation_share', 'status_report'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_bump_version', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_bump_version', t);
    END LOOP;
END $$;

-- Which deterministic data sets have been loaded (the report's published data, the demo set).
CREATE TABLE IF NOT EXISTS seed_load (
    name       text PRIMARY KEY,
    loaded_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE seed_load IS 'Data sets loaded by itraad db init / db demo; loading is done once, so re-running changes nothing.';

-- Applied schema versions: 1 is this file; migrations add theirs.
CREATE TABLE IF NOT EXISTS schema_migration (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE schema_migration IS 'Schema versions applied to this database: 1 is db/schema.sql, later ones db/migrations/NNNN_*.sql.';
INSERT INTO schema_migration (version, name) VALUES (1, 'schema.sql') ON CONFLICT DO NOTHING;
