-- 0070: the project facts the council's rules need (issue 15).
--
-- Report section 9: "Regionernes It-råd risikovurderer it- og digitaliseringsprojekter, der
-- omfatter nyudvikling eller væsentlig tilpasning af standard it-løsninger eller allerede
-- eksisterende it-løsninger. Alle fællesregionale it- og digitaliseringsprojekter med budget over
-- 10 mio. kr. og fællesoffentlige it-projekter, hvor den regionale del udgør mere end 10 mio. kr.,
-- skal risikovurderes." Usually in the analysis phase; again if a directors' group decides so, or
-- "hvis udgifterne til projektet viser sig at stige til over 10 mio. kr."
--
-- To judge that, a project needs a type, a phase history, a dated budget history and the
-- threshold as dated data. This migration adds them, with the outcome at closure, which project
-- continues which, and the secretariat's nomination list. Every row records its provenance like
-- every other fact (published with the report section / entered by whom / demo). The rule itself
-- reads these tables in screening_facts() (0071).

DO $$ BEGIN
    -- fællesregional (the regions together, typically RSI) / regional (one region) /
    -- fællesoffentlig (with the state or municipalities: the rule reads the regional share)
    CREATE TYPE project_scope AS ENUM ('joint_regional', 'regional', 'cross_public');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- nyudvikling / væsentlig tilpasning (of a standard or an existing solution) / neither
    -- (e.g. a standard product without substantial adaptation, an upgrade): the rule's first condition.
    CREATE TYPE development_kind AS ENUM ('new_development', 'substantial_adaptation', 'neither');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- Ordered as a project moves: idé, analyse, anskaffelse (udbud), realisering, drift/lukket.
    -- 'ended' is the last phase of every project: handed over to operation (project.state
    -- completed) or closed early (project.state closed), whichever project.state says.
    CREATE TYPE project_phase_code AS ENUM ('idea', 'analysis', 'procurement', 'realisation', 'ended');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- An approved baseline (a new one is a re-baselining) or an estimate (prognose) between baselines.
    CREATE TYPE budget_figure_kind AS ENUM ('baseline', 'estimate');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE budget_outcome_kind AS ENUM ('within', 'over');       -- inden for budget / over budget
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE schedule_outcome_kind AS ENUM ('within', 'late');     -- inden for tidsplanen / forsinket
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- indstillet til risikovurdering / ikke indstillet (the secretariat's screening decision)
    CREATE TYPE nomination_decision AS ENUM ('nominated', 'not_nominated');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- Why: the rule (section 9), a directors' group decided a (re)visit, costs rose over the
    -- threshold after an assessment, or the project (or its region) asked.
    CREATE TYPE nomination_grounds AS ENUM ('rule', 'directors_group', 'cost_increase', 'request');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

-- ---------------------------------------------------------------------------------------
-- Type: one per project. NULL development = not recorded (the rule then cannot decide).
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS project_type (
    project_id   integer PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    scope        project_scope NOT NULL,
    development  development_kind,
    provenance   provenance_kind NOT NULL,
    source_ref   text,
    entered_by   text,
    entered_at   timestamptz,
    CONSTRAINT project_type_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at))
);
COMMENT ON TABLE project_type IS 'A project''s type as the rule reads it: fællesregional, regional or fællesoffentlig, and whether it is new development or substantial adaptation (report section 9).';
COMMENT ON COLUMN project_type.development IS 'NULL where not recorded; the rule then says it cannot decide (unless the amount is not over the threshold).';

-- ---------------------------------------------------------------------------------------
-- Phase history: the date each phase began, one row per phase. Phases may be skipped (a project
-- closed before its procurement phase), never reordered: each phase begins after every earlier one.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS project_phase (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    phase       project_phase_code NOT NULL,
    began_on    date NOT NULL,
    provenance  provenance_kind NOT NULL,
    source_ref  text,
    entered_by  text,
    entered_at  timestamptz,
    CONSTRAINT project_phase_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT project_phase_once UNIQUE (project_id, phase),
    CONSTRAINT project_phase_plausible_date CHECK (began_on >= DATE '2000-01-01')
);
CREATE INDEX IF NOT EXISTS project_phase_project_idx ON project_phase (project_id, began_on DESC);
COMMENT ON TABLE project_phase IS 'When a project entered each phase (idé, analyse, anskaffelse, realisering, drift/lukket). The current phase on a date is the one that began last on or before it.';
COMMENT ON COLUMN project_phase.began_on IS 'The day the phase began; where the source gives only a month (the report), its first day.';

-- The phases of a project begin in their order (a check across rows, so a trigger). The project's
-- row is locked first, so two people recording phases of one project at once are checked in turn.
CREATE OR REPLACE FUNCTION project_phase_check_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM project WHERE id = NEW.project_id FOR NO KEY UPDATE;
    IF EXISTS (SELECT 1 FROM project_phase o
               WHERE o.project_id = NEW.project_id AND o.id <> NEW.id
                 AND ((o.phase < NEW.phase AND o.began_on >= NEW.began_on)
                      OR (o.phase > NEW.phase AND o.began_on <= NEW.began_on))) THEN
        RAISE EXCEPTION 'phase % of project % does not begin after the earlier phases and before the later ones',
            NEW.phase, NEW.project_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'project_phase_in_order';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS project_phase_in_order ON project_phase;
CREATE CONSTRAINT TRIGGER project_phase_in_order AFTER INSERT OR UPDATE ON project_phase
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION project_phase_check_order();

-- ---------------------------------------------------------------------------------------
-- Budget and schedule: dated figures, never overwritten by a newer one. A baseline is approved
-- (a later baseline is a re-baselining, and the earlier one stays); an estimate is the current
-- expectation between baselines. On a date, the current figures are the newest row on or before
-- it (its amount), and the newest rows that give a start, a planned end (baselines) and an end.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS project_budget (
    id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id          integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    kind                budget_figure_kind NOT NULL,
    as_of               date NOT NULL,
    amount_mkr          numeric(10, 1) NOT NULL,
    regional_share_mkr  numeric(10, 1),
    start_on            date,
    end_on              date,
    source              short_text NOT NULL,
    provenance          provenance_kind NOT NULL,
    source_ref          text,
    entered_by          text,
    entered_at          timestamptz,
    CONSTRAINT project_budget_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT project_budget_plausible_date CHECK (as_of >= DATE '2000-01-01'),
    -- A budget is an amount of money, not nothing and not a negative.
    CONSTRAINT project_budget_amount_positive CHECK (amount_mkr > 0),
    -- The regional share of a cross-public budget is part of it.
    CONSTRAINT project_budget_share_within_amount CHECK (
        regional_share_mkr IS NULL OR (regional_share_mkr >= 0 AND regional_share_mkr <= amount_mkr)),
    CONSTRAINT project_budget_end_after_start CHECK (start_on IS NULL OR end_on IS NULL OR end_on > start_on)
);
CREATE INDEX IF NOT EXISTS project_budget_project_idx ON project_budget (project_id, as_of DESC, id DESC);
COMMENT ON TABLE project_budget IS 'A project''s budget (mio. kr.) and schedule as approved (baseline) or estimated on a date, with its source. Re-baselinings are new rows; the history is never overwritten.';
COMMENT ON COLUMN project_budget.amount_mkr IS 'The total budget in millions of Danish kroner.';
COMMENT ON COLUMN project_budget.regional_share_mkr IS 'Of a cross-public (fællesoffentligt) project: the regions'' part of the amount, which is what the rule compares with the threshold.';
COMMENT ON COLUMN project_budget.end_on IS 'Of a baseline: the planned end; of an estimate: the end now expected.';
COMMENT ON COLUMN project_budget.source IS 'The document or decision the figures come from (e.g. "Styregruppemøde 12.3.2024").';

-- project.budget_mkr (the project form's budget field, older than this table) feeds the history:
-- a budget typed there becomes a dated row here (a baseline for a new project, an estimate for a
-- change), so the rule never misses a budget. An undo re-inserts its own deleted rows instead.
CREATE OR REPLACE FUNCTION project_budget_from_project_field() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.budget_mkr IS NULL OR (TG_OP = 'UPDATE' AND NEW.budget_mkr IS NOT DISTINCT FROM OLD.budget_mkr)
       OR coalesce(current_setting('itraad.reason', true), '') LIKE 'restore:%' THEN
        RETURN NULL;
    END IF;
    INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, source, provenance, source_ref, entered_by, entered_at)
    VALUES (NEW.id, CASE TG_OP WHEN 'INSERT' THEN 'baseline' ELSE 'estimate' END::budget_figure_kind,
            (now() AT TIME ZONE 'Europe/Copenhagen')::date, NEW.budget_mkr, 'Projektets budgetfelt',
            NEW.provenance, NEW.source_ref, NEW.entered_by, NEW.entered_at);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS project_budget_field_to_history ON project;
CREATE TRIGGER project_budget_field_to_history AFTER INSERT OR UPDATE OF budget_mkr ON project
    FOR EACH ROW EXECUTE FUNCTION project_budget_from_project_field();

-- Budgets already typed in the project form before this migration become the first baseline.
INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, source, provenance, source_ref, entered_by, entered_at)
SELECT p.id, 'baseline', coalesce((p.entered_at AT TIME ZONE 'Europe/Copenhagen')::date,
                                  (now() AT TIME ZONE 'Europe/Copenhagen')::date),
       p.budget_mkr, 'Projektets budgetfelt (før migration 0070)', p.provenance, p.source_ref, p.entered_by, p.entered_at
FROM project p
WHERE p.budget_mkr IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project_budget b WHERE b.project_id = p.id);

COMMENT ON COLUMN project.budget_mkr IS 'Budget in millions of Danish kroner as typed in the project form; every value typed here is also kept, dated, in project_budget, which is what the rule reads.';

-- ---------------------------------------------------------------------------------------
-- Outcome at closure: what the project delivered against its budget and schedule. Only what the
-- source states: "inden for budget" without an amount is within with no variance.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS project_outcome (
    project_id                integer PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    budget_outcome            budget_outcome_kind,
    budget_variance_mkr       numeric(10, 1),
    schedule_outcome          schedule_outcome_kind,
    schedule_variance_months  smallint CHECK (schedule_variance_months BETWEEN -240 AND 240),
    statement                 long_text,
    source                    short_text NOT NULL,
    provenance                provenance_kind NOT NULL,
    source_ref                text,
    entered_by                text,
    entered_at                timestamptz,
    CONSTRAINT project_outcome_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT project_outcome_says_something CHECK (budget_outcome IS NOT NULL OR schedule_outcome IS NOT NULL),
    -- Negative = under budget / earlier than planned. A variance goes with the outcome it measures.
    CONSTRAINT project_outcome_budget_variance_matches CHECK (
        budget_variance_mkr IS NULL
        OR (budget_outcome = 'within' AND budget_variance_mkr <= 0)
        OR (budget_outcome = 'over' AND budget_variance_mkr > 0)),
    CONSTRAINT project_outcome_schedule_variance_matches CHECK (
        schedule_variance_months IS NULL
        OR (schedule_outcome = 'within' AND schedule_variance_months <= 0)
        OR (schedule_outcome = 'late' AND schedule_variance_months > 0))
);
COMMENT ON TABLE project_outcome IS 'A completed or closed project''s result against budget and schedule, as its source states it (report table 1: LABREK 60 mio. kr. under budget and three years early, ...).';
COMMENT ON COLUMN project_outcome.budget_variance_mkr IS 'Mio. kr. over (positive) or under (negative) budget; NULL where the source gives no amount.';
COMMENT ON COLUMN project_outcome.schedule_variance_months IS 'Months late (positive) or early (negative); NULL where the source gives no number.';
COMMENT ON COLUMN project_outcome.statement IS 'The source''s own words about the outcome.';

-- ---------------------------------------------------------------------------------------
-- Lineage: a project that continues another (the closed pathology system and the closed
-- diagnostic programme lead to the LIMS procurement of January 2024). Shown both ways.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS project_lineage (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    predecessor_id  integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    successor_id    integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    note            long_text,
    provenance      provenance_kind NOT NULL,
    source_ref      text,
    entered_by      text,
    entered_at      timestamptz,
    CONSTRAINT project_lineage_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT project_lineage_once UNIQUE (predecessor_id, successor_id),
    CONSTRAINT project_lineage_not_itself CHECK (predecessor_id <> successor_id)
);
CREATE INDEX IF NOT EXISTS project_lineage_successor_idx ON project_lineage (successor_id);
COMMENT ON TABLE project_lineage IS 'Forløb: the successor project continues the predecessor (its work, plan or scope).';

-- No project continues itself through others (a cycle would make "leads to" meaningless).
CREATE OR REPLACE FUNCTION project_lineage_check_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM project WHERE id = NEW.predecessor_id FOR NO KEY UPDATE;
    IF EXISTS (
        WITH RECURSIVE later (project_id) AS (
            SELECT l.successor_id FROM project_lineage l WHERE l.predecessor_id = NEW.successor_id
            UNION
            SELECT l.successor_id FROM project_lineage l JOIN later ON l.predecessor_id = later.project_id
        )
        SELECT 1 FROM later WHERE project_id = NEW.predecessor_id) THEN
        RAISE EXCEPTION 'project % would continue itself', NEW.predecessor_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'project_lineage_no_cycle';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS project_lineage_no_cycle ON project_lineage;
CREATE CONSTRAINT TRIGGER project_lineage_no_cycle AFTER INSERT OR UPDATE ON project_lineage
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION project_lineage_check_cycle();

-- ---------------------------------------------------------------------------------------
-- The threshold as data: the amount the rule compares with, per kind of project, from a date.
-- On a date the threshold in force is the newest that applies from it or earlier, so a change of
-- the rule takes effect from its date and every earlier judgement stays as it was made.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS assessment_threshold (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    applies_to  project_scope NOT NULL,
    valid_from  date NOT NULL,
    amount_mkr  numeric(10, 1) NOT NULL,
    source      short_text NOT NULL,
    provenance  provenance_kind NOT NULL,
    source_ref  text,
    entered_by  text,
    entered_at  timestamptz,
    CONSTRAINT assessment_threshold_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    -- A regional project is not under the rule (it may ask for an assessment).
    CONSTRAINT assessment_threshold_scope CHECK (applies_to IN ('joint_regional', 'cross_public')),
    CONSTRAINT assessment_threshold_positive CHECK (amount_mkr > 0),
    CONSTRAINT assessment_threshold_once UNIQUE (applies_to, valid_from)
);
COMMENT ON TABLE assessment_threshold IS 'Beløbsgrænsen: a project of this kind must be risk-assessed when its amount is OVER amount_mkr (report section 9: "over 10 mio. kr."), from valid_from on.';
COMMENT ON COLUMN assessment_threshold.applies_to IS 'joint_regional: compared with the budget; cross_public: compared with the regional share.';

-- A threshold that has applied is what past judgements rest on: its amount, kind and date stay
-- (a change of the rule is a new row from the day it applies); only its source text may be
-- corrected. A threshold announced for a future date may still be changed or deleted.
CREATE OR REPLACE FUNCTION assessment_threshold_keep_applied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.valid_from <= (now() AT TIME ZONE 'Europe/Copenhagen')::date AND (
        TG_OP = 'DELETE' OR (NEW.applies_to, NEW.valid_from, NEW.amount_mkr) IS DISTINCT FROM
                            (OLD.applies_to, OLD.valid_from, OLD.amount_mkr)) THEN
        RAISE EXCEPTION 'the threshold from % has applied and cannot be changed or deleted', OLD.valid_from
            USING ERRCODE = 'check_violation', CONSTRAINT = 'assessment_threshold_applied_is_fixed';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
DROP TRIGGER IF EXISTS assessment_threshold_applied_is_fixed ON assessment_threshold;
CREATE TRIGGER assessment_threshold_applied_is_fixed BEFORE UPDATE OR DELETE ON assessment_threshold
    FOR EACH ROW EXECUTE FUNCTION assessment_threshold_keep_applied();

-- ---------------------------------------------------------------------------------------
-- The nomination list the secretariat keeps (section 2: "Det afsøges løbende, hvorvidt
-- yderligere projekter skal indstilles til risikovurdering"): who decided what, and when.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS nomination (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    decision    nomination_decision NOT NULL,
    grounds     nomination_grounds,
    decided_by  short_text NOT NULL,
    decided_on  date NOT NULL,
    note        long_text,
    provenance  provenance_kind NOT NULL,
    source_ref  text,
    entered_by  text,
    entered_at  timestamptz,
    CONSTRAINT nomination_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT nomination_in_council_era CHECK (decided_on >= DATE '2019-01-01')
);
CREATE INDEX IF NOT EXISTS nomination_project_idx ON nomination (project_id, decided_on DESC, id DESC);
COMMENT ON TABLE nomination IS 'Indstilling til risikovurdering: the screening decision on a project (nominated or not), who decided it (a person or a body such as RSI-kredsen) and on which day.';
COMMENT ON COLUMN nomination.decided_by IS 'Who decided: a person or a body (Regionsdirektørkredsen, RSI-kredsen, rådssekretariatet).';
