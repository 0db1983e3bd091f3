-- 0050: assessment cases (issue 13): the council's process from request to evaluation, with its
-- members and their impartiality.
--
-- Report section 9 and figure 10: an assessment runs over "ca. 10 arbejdsdage" from the project's
-- documents to the recommendation letter, with a start-up meeting, a risk workshop, a pre-meeting
-- and a dialogue meeting; the letter has three parts (a general statement, a risk profile and
-- recommendations); the project answers with a responsum; the letter and the responsum go to both
-- directors' groups; the council evaluates. Section 10: a sparring meeting is planned, the project
-- sends background material, the meeting is held and ends in minutes "med rådsmedlemmernes
-- bemærkninger og umiddelbare anbefalinger". Two council members take part in both (sections 9, 10).
-- Section 8/9: six members appointed personally for two years (three internal from the regions,
-- three external), a chair; an assessment team of regional assessors; and the impartiality policy:
-- a member who sits on or influences a project's steering group takes no part in its activities.
--
-- Every row records its provenance like every other fact. New tables get the audit trigger, the
-- data_version trigger and the app roles' grants from itraad_secure_tables() (0031), which
-- dashboard/db/migrate.py runs after every migration. None of them is bookkeeping, so
-- itraad_bookkeeping_tables() (0045) is not redefined.
--
-- The rules the database enforces (the app checks the same first and shows a field message):
--   * a member with a standing impartiality declaration for the case's project is never assigned
--     (case_member_impartial; the refusal names the declaration's reason);
--   * a member is assigned only within their term, where the term is known (case_member_in_term);
--   * a started case has at least two eligible members (case_two_eligible_members). "Started" is
--     the first step after the request with an actual date (documents / background material
--     received, or any later step). The check is a constraint trigger DEFERRED to the end of the
--     transaction: the secretariat may assign members one by one before the case starts, and a
--     transaction may replace one member with another; what is committed for a started case never
--     has fewer than two;
--   * a step's actual date is not in the future and not before the actual date of a step it
--     follows in figure 10's order (case_step_in_order, case_step_not_in_future);
--   * a step belongs to its case's path (case_step_of_kind);
--   * the letter and the responsum belong to a risk assessment; the assessors' evaluation too;
--   * a recommendation may now come from a sparring meeting's minutes (section 10); a risk
--     profile still comes only from a risk assessment (risk_assessment_result is unchanged in that).

DO $$ BEGIN
    CREATE TYPE member_affiliation AS ENUM ('internal', 'external');   -- intern (regionerne) / ekstern
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- The assessment team's fields (section 9): it-projektledere, it-arkitekter, økonomer, jurister,
    -- forretningseksperter.
    CREATE TYPE assessor_field AS ENUM ('project_management', 'architecture', 'economics', 'law', 'business');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE case_kind AS ENUM ('risk_assessment', 'sparring');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE case_state AS ENUM ('open', 'closed');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- Who asked for the activity (section 9): Regionsdirektørkredsen, RSI-kredsen, the project
    -- itself, a region (the standing offer to regional projects), or the secretariat's screening.
    CREATE TYPE case_requester AS ENUM ('directors_group', 'rsi_group', 'project', 'region', 'secretariat');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- Figure 10 in its order, then the sparring meeting's shorter path (section 10) in its order.
    -- The enum's order is the steps' order within a path: a step follows every step before it.
    CREATE TYPE case_step_code AS ENUM (
        'request', 'documents_received', 'startup_meeting', 'risk_workshop', 'pre_meeting',
        'dialogue_meeting', 'letter_sent', 'response_received', 'reported_to_directors', 'evaluation_received',
        'sparring_planned', 'material_received', 'meeting_held', 'minutes_sent');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- Figure 9's sub-criteria: complexity (new or complex technology, many stakeholders, a large
    -- project organisation) and critical risks (business, security, dependence on external parties).
    CREATE TYPE profile_criterion AS ENUM (
        'new_or_complex_technology', 'many_stakeholders', 'large_organisation',
        'business_risks', 'security_risks', 'external_dependencies');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    -- Section 5: the project evaluates after every assessment and sparring meeting; the assessors
    -- after an assessment.
    CREATE TYPE evaluation_respondent AS ENUM ('project', 'assessors');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE OR REPLACE FUNCTION itraad_today() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE 'Europe/Copenhagen')::date
$$;
COMMENT ON FUNCTION itraad_today IS 'Today in Copenhagen: the day an actual date may not be after.';

-- ---------------------------------------------------------------------------------------
-- The council and its people.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS council_member (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          short_text NOT NULL,
    title         short_text,
    organisation  short_text,
    affiliation   member_affiliation NOT NULL,
    is_chair      boolean NOT NULL DEFAULT false,
    term_from     date,
    term_to       date,
    position      smallint CHECK (position BETWEEN 1 AND 100),
    provenance    provenance_kind NOT NULL,
    source_ref    text,
    entered_by    text,
    entered_at    timestamptz,
    CONSTRAINT council_member_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT council_member_name_once UNIQUE (name),
    CONSTRAINT council_member_term_order CHECK (term_from IS NULL OR term_to IS NULL OR term_to >= term_from),
    CONSTRAINT council_member_term_plausible CHECK (term_from IS NULL OR term_from >= DATE '2019-01-01')
);
COMMENT ON TABLE council_member IS 'Rådsmedlem: one of the council''s members, appointed personally by Regionsdirektørkredsen for two years (report sections 8 and 9); no substitutes.';
COMMENT ON COLUMN council_member.affiliation IS 'internal: from the regions; external: from elsewhere in the public or private sector (three of each, section 9).';
COMMENT ON COLUMN council_member.is_chair IS 'Formand.';
COMMENT ON COLUMN council_member.term_from IS 'First day of the appointment; NULL where the source does not give it (the report gives no terms).';
COMMENT ON COLUMN council_member.term_to IS 'Last day of the appointment; NULL where not known or open.';
COMMENT ON COLUMN council_member.position IS 'The order the report lists the members in.';

CREATE TABLE IF NOT EXISTS assessor (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          short_text NOT NULL,
    organisation  short_text,
    field         assessor_field NOT NULL,
    provenance    provenance_kind NOT NULL,
    source_ref    text,
    entered_by    text,
    entered_at    timestamptz,
    CONSTRAINT assessor_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT assessor_once UNIQUE (name, organisation)
);
COMMENT ON TABLE assessor IS 'Vurderingsperson: a regional employee in the pool the assessment team (vurderingsteamet) is drawn from, with their field.';

CREATE TABLE IF NOT EXISTS impartiality_declaration (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id      integer NOT NULL REFERENCES council_member (id) ON DELETE CASCADE,
    project_id     integer NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    reason         long_text NOT NULL,
    declared_from  date NOT NULL,
    declared_to    date,
    provenance     provenance_kind NOT NULL,
    source_ref     text,
    entered_by     text,
    entered_at     timestamptz,
    CONSTRAINT impartiality_declaration_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT impartiality_declaration_order CHECK (declared_to IS NULL OR declared_to >= declared_from),
    CONSTRAINT impartiality_declaration_plausible CHECK (declared_from >= DATE '2019-01-01')
);
CREATE INDEX IF NOT EXISTS impartiality_declaration_idx ON impartiality_declaration (project_id, member_id);
COMMENT ON TABLE impartiality_declaration IS 'Habilitetserklæring: a member sits on or influences a project''s steering group (or is otherwise partial) from a day, until a day or for good; such a member takes no part in the project''s activities.';
COMMENT ON COLUMN impartiality_declaration.reason IS 'Why, in words (e.g. "Medlem af styregruppen"); shown when an assignment is refused.';
COMMENT ON COLUMN impartiality_declaration.declared_to IS 'Last day the declaration stands; NULL = it still stands.';

-- ---------------------------------------------------------------------------------------
-- Cases: one per activity.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS assessment_case (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    activity_id    integer NOT NULL,
    activity_type  activity_type NOT NULL,
    kind           case_kind GENERATED ALWAYS AS (
                       CASE WHEN activity_type = 'sparring_meeting' THEN 'sparring'::case_kind
                            ELSE 'risk_assessment'::case_kind END) STORED,
    state          case_state NOT NULL DEFAULT 'open',
    requested_by   case_requester,
    note           long_text,
    provenance     provenance_kind NOT NULL,
    source_ref     text,
    entered_by     text,
    entered_at     timestamptz,
    CONSTRAINT assessment_case_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT assessment_case_one_per_activity UNIQUE (activity_id),
    -- The activity's type decides the path; an undecided pipeline item gets its case once decided.
    CONSTRAINT assessment_case_decided CHECK (activity_type IN ('risk_assessment', 'sparring_meeting', 'revisit')),
    CONSTRAINT assessment_case_activity_fkey FOREIGN KEY (activity_id, activity_type)
        REFERENCES activity (id, type) ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE assessment_case IS 'Sag: the council''s work on one activity, from request to evaluation (figure 10), or a sparring meeting''s shorter path (section 10).';
COMMENT ON COLUMN assessment_case.kind IS 'risk_assessment (also a revisit, genbesøg) or sparring; derived from the activity''s type.';
COMMENT ON COLUMN assessment_case.state IS 'open while the secretariat works on it; closed when done (the published cases are closed).';
COMMENT ON COLUMN assessment_case.requested_by IS 'Who asked for the activity; NULL where not recorded (the report does not say).';

-- The case takes its activity's type, so a form or script names only the activity.
CREATE OR REPLACE FUNCTION assessment_case_type_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.activity_id IS DISTINCT FROM OLD.activity_id THEN
        NEW.activity_type := coalesce((SELECT type FROM activity WHERE id = NEW.activity_id), NEW.activity_type);
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS assessment_case_type ON assessment_case;
CREATE TRIGGER assessment_case_type BEFORE INSERT OR UPDATE OF activity_id ON assessment_case
    FOR EACH ROW EXECUTE FUNCTION assessment_case_type_from_activity();

CREATE TABLE IF NOT EXISTS case_step (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     integer NOT NULL REFERENCES assessment_case (id) ON DELETE CASCADE,
    step        case_step_code NOT NULL,
    planned_on  date,
    done_on     date,
    done_by     short_text,
    note        long_text,
    provenance  provenance_kind NOT NULL,
    source_ref  text,
    entered_by  text,
    entered_at  timestamptz,
    CONSTRAINT case_step_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT case_step_once UNIQUE (case_id, step),
    CONSTRAINT case_step_has_a_date CHECK (planned_on IS NOT NULL OR done_on IS NOT NULL),
    CONSTRAINT case_step_done_by_needs_date CHECK (done_by IS NULL OR done_on IS NOT NULL),
    CONSTRAINT case_step_plausible CHECK (coalesce(planned_on, done_on) >= DATE '2019-01-01'
                                          AND coalesce(done_on, planned_on) >= DATE '2019-01-01')
);
CREATE INDEX IF NOT EXISTS case_step_case_idx ON case_step (case_id, step);
COMMENT ON TABLE case_step IS 'A step of a case (figure 10, or the sparring path) with its planned date, its actual date and who did it.';
COMMENT ON COLUMN case_step.planned_on IS 'The day the step is planned for (a deadline); NULL where only the actual date is known.';
COMMENT ON COLUMN case_step.done_on IS 'The day the step happened; never in the future, never before a step it follows.';
COMMENT ON COLUMN case_step.done_by IS 'Who did it: for the request the group or project that asked, otherwise a person or body.';

CREATE OR REPLACE FUNCTION case_step_kind(step case_step_code) RETURNS case_kind LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN step >= 'sparring_planned' THEN 'sparring'::case_kind ELSE 'risk_assessment'::case_kind END
$$;
COMMENT ON FUNCTION case_step_kind IS 'Which path a step belongs to: figure 10 (risk_assessment) or the sparring meeting''s.';

CREATE OR REPLACE FUNCTION case_step_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    the_kind case_kind;
    clash    record;
BEGIN
    SELECT kind INTO the_kind FROM assessment_case WHERE id = NEW.case_id FOR NO KEY UPDATE;
    IF case_step_kind(NEW.step) <> the_kind THEN
        RAISE EXCEPTION 'step % is not on the path of a % case', NEW.step, the_kind
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_step_of_kind';
    END IF;
    IF NEW.done_on > itraad_today() THEN
        RAISE EXCEPTION 'step % cannot have happened on % (in the future)', NEW.step, NEW.done_on
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_step_not_in_future';
    END IF;
    IF NEW.done_on IS NOT NULL THEN
        SELECT s.step, s.done_on INTO clash FROM case_step s
        WHERE s.case_id = NEW.case_id AND s.id <> NEW.id AND s.done_on IS NOT NULL
          AND ((s.step < NEW.step AND s.done_on > NEW.done_on) OR (s.step > NEW.step AND s.done_on < NEW.done_on))
        ORDER BY s.step LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'step % on % is out of order with step % on %', NEW.step, NEW.done_on, clash.step, clash.done_on
                USING ERRCODE = 'check_violation', CONSTRAINT = 'case_step_in_order';
        END IF;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS case_step_rules ON case_step;
CREATE CONSTRAINT TRIGGER case_step_rules AFTER INSERT OR UPDATE ON case_step
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION case_step_check();

-- ---------------------------------------------------------------------------------------
-- Participants: the council members and the assessment team of a case.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS case_member (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     integer NOT NULL REFERENCES assessment_case (id) ON DELETE CASCADE,
    member_id   integer NOT NULL REFERENCES council_member (id),
    provenance  provenance_kind NOT NULL,
    source_ref  text,
    entered_by  text,
    entered_at  timestamptz,
    CONSTRAINT case_member_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT case_member_once UNIQUE (case_id, member_id)
);
CREATE INDEX IF NOT EXISTS case_member_member_idx ON case_member (member_id);
COMMENT ON TABLE case_member IS 'A council member taking part in a case (two per risk assessment and sparring meeting, sections 9 and 10).';

CREATE TABLE IF NOT EXISTS case_assessor (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      integer NOT NULL REFERENCES assessment_case (id) ON DELETE CASCADE,
    assessor_id  integer NOT NULL REFERENCES assessor (id),
    provenance   provenance_kind NOT NULL,
    source_ref   text,
    entered_by   text,
    entered_at   timestamptz,
    CONSTRAINT case_assessor_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT case_assessor_once UNIQUE (case_id, assessor_id)
);
COMMENT ON TABLE case_assessor IS 'An assessor in a case''s assessment team (vurderingsteamet), chosen for the project''s characteristics.';

-- The day a case is judged on for terms and declarations: its first dated step, else its
-- activity's month (the first day), else today.
CREATE OR REPLACE FUNCTION case_reference_date(the_case integer) RETURNS date LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT min(coalesce(s.done_on, s.planned_on)) FROM case_step s WHERE s.case_id = c.id),
                    a.month, itraad_today())
    FROM assessment_case c JOIN activity a ON a.id = c.activity_id
    WHERE c.id = the_case
$$;
COMMENT ON FUNCTION case_reference_date IS 'The day a case''s members are judged on (terms, declarations): its first dated step, else its activity''s month, else today.';

-- The declaration that stands for a member and a project on a day (the newest), if any.
CREATE OR REPLACE FUNCTION standing_declaration(the_member integer, the_project integer, on_day date)
RETURNS impartiality_declaration LANGUAGE sql STABLE AS $$
    SELECT d.* FROM impartiality_declaration d
    WHERE d.member_id = the_member AND d.project_id = the_project
      AND d.declared_from <= on_day AND (d.declared_to IS NULL OR d.declared_to >= on_day)
    ORDER BY d.declared_from DESC, d.id DESC LIMIT 1
$$;

-- Whether a member may take part in a case: no standing declaration for its project, and within
-- the member's term where the term is known.
CREATE OR REPLACE FUNCTION case_member_eligible(the_case integer, the_member integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT (standing_declaration(m.id, a.project_id, case_reference_date(c.id))).id IS NULL
           AND (m.term_from IS NULL OR m.term_from <= case_reference_date(c.id))
           AND (m.term_to IS NULL OR m.term_to >= case_reference_date(c.id))
    FROM assessment_case c JOIN activity a ON a.id = c.activity_id, council_member m
    WHERE c.id = the_case AND m.id = the_member
$$;
COMMENT ON FUNCTION case_member_eligible IS 'A member may take part in a case: no standing impartiality declaration for its project and within their term (where known) on the case''s reference date.';

CREATE OR REPLACE FUNCTION case_member_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    on_day      date;
    project     integer;
    declared    impartiality_declaration;
    member      council_member;
BEGIN
    SELECT a.project_id INTO project FROM assessment_case c JOIN activity a ON a.id = c.activity_id
    WHERE c.id = NEW.case_id FOR NO KEY UPDATE OF c;
    on_day := case_reference_date(NEW.case_id);
    declared := standing_declaration(NEW.member_id, project, on_day);
    IF declared.id IS NOT NULL THEN
        RAISE EXCEPTION 'member % has declared partiality for this project (from %): %',
            NEW.member_id, declared.declared_from, declared.reason
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_member_impartial',
                  DETAIL = declared.reason;
    END IF;
    SELECT * INTO member FROM council_member WHERE id = NEW.member_id;
    IF (member.term_from IS NOT NULL AND member.term_from > on_day)
       OR (member.term_to IS NOT NULL AND member.term_to < on_day) THEN
        RAISE EXCEPTION 'member % is not on the council on % (term % to %)', NEW.member_id, on_day,
            member.term_from, member.term_to
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_member_in_term';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS case_member_rules ON case_member;
CREATE CONSTRAINT TRIGGER case_member_rules AFTER INSERT OR UPDATE ON case_member
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION case_member_check();

-- A declaration made while the member takes part in an open case of the project is refused: the
-- secretariat first takes the member off the case (and assigns another), then records it.
CREATE OR REPLACE FUNCTION impartiality_declaration_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM case_member cm JOIN assessment_case c ON c.id = cm.case_id
               JOIN activity a ON a.id = c.activity_id
               WHERE cm.member_id = NEW.member_id AND a.project_id = NEW.project_id AND c.state = 'open'
                 AND NEW.declared_from <= case_reference_date(c.id)
                 AND (NEW.declared_to IS NULL OR NEW.declared_to >= case_reference_date(c.id))) THEN
        RAISE EXCEPTION 'member % takes part in an open case of project %', NEW.member_id, NEW.project_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'impartiality_declaration_member_on_case';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS impartiality_declaration_rules ON impartiality_declaration;
CREATE CONSTRAINT TRIGGER impartiality_declaration_rules AFTER INSERT OR UPDATE ON impartiality_declaration
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION impartiality_declaration_check();

-- Two eligible members on a started case, checked at the end of the transaction.
CREATE OR REPLACE FUNCTION case_started(the_case integer) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM case_step s WHERE s.case_id = the_case AND s.done_on IS NOT NULL
                   AND s.step NOT IN ('request', 'sparring_planned'))
$$;
COMMENT ON FUNCTION case_started IS 'A case has started when a step after the request (or the sparring meeting''s planning) has an actual date.';

CREATE OR REPLACE FUNCTION case_check_two_members() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    the_case  integer := CASE TG_OP WHEN 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
    eligible  integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM assessment_case WHERE id = the_case) OR NOT case_started(the_case) THEN
        RETURN NULL;   -- deleted with its case, or not started: members may still be missing
    END IF;
    SELECT count(*) INTO eligible FROM case_member cm
    WHERE cm.case_id = the_case AND case_member_eligible(the_case, cm.member_id);
    IF eligible < 2 THEN
        RAISE EXCEPTION 'case % has started with % eligible council member(s); two are needed', the_case, eligible
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_two_eligible_members';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS case_member_two_eligible ON case_member;
CREATE CONSTRAINT TRIGGER case_member_two_eligible AFTER INSERT OR UPDATE OR DELETE ON case_member
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION case_check_two_members();
DROP TRIGGER IF EXISTS case_step_two_eligible ON case_step;
CREATE CONSTRAINT TRIGGER case_step_two_eligible AFTER INSERT OR UPDATE ON case_step
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION case_check_two_members();

-- ---------------------------------------------------------------------------------------
-- The letter (anbefalingsbrev): general statement and advice on lowering the profile here; the
-- risk profile with its matrix placement in risk_assessment_result (schema.sql), now with the
-- figure 9 sub-criteria; the recommendations in recommendation.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS case_letter (
    case_id            integer PRIMARY KEY REFERENCES assessment_case (id) ON DELETE CASCADE,
    general_statement  long_text NOT NULL,
    lowering_advice    long_text,
    provenance         provenance_kind NOT NULL,
    source_ref         text,
    entered_by         text,
    entered_at         timestamptz,
    CONSTRAINT case_letter_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at))
);
COMMENT ON TABLE case_letter IS 'Anbefalingsbrevet of a risk assessment: the general statement (generel udtalelse) and the mitigating actions that would lower the risk profile. Its risk profile is in risk_assessment_result, its recommendations in recommendation.';
COMMENT ON COLUMN case_letter.lowering_advice IS 'Mitigerende handlinger: what would lower the risk profile (section 9).';

ALTER TABLE risk_assessment_result ADD COLUMN IF NOT EXISTS criteria profile_criterion[] NOT NULL DEFAULT '{}';
ALTER TABLE risk_assessment_result ADD COLUMN IF NOT EXISTS judgement long_text;
COMMENT ON COLUMN risk_assessment_result.criteria IS 'Figure 9''s sub-criteria that led to the placement: complexity (new_or_complex_technology, many_stakeholders, large_organisation) and critical risks (business_risks, security_risks, external_dependencies).';
COMMENT ON COLUMN risk_assessment_result.judgement IS 'The council''s own judgement from the material and the dialogue meeting (figure 9''s third criterion).';

-- Section 10: sparring minutes may carry immediate recommendations. The risk profile stays a
-- risk assessment's only (risk_assessment_result's check is unchanged).
ALTER TABLE recommendation DROP CONSTRAINT IF EXISTS recommendation_activity_type_check;
DO $$ BEGIN
    ALTER TABLE recommendation ADD CONSTRAINT recommendation_from_letter_or_minutes
        CHECK (activity_type IN ('risk_assessment', 'sparring_meeting'));
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
COMMENT ON TABLE recommendation IS 'Anbefaling: one recommendation of a risk assessment''s letter or a sparring meeting''s minutes, classified by subcategory (and so focus area).';

-- A recommendation or a risk takes its activity's type, so a sparring meeting's recommendation
-- needs no more than the activity (the column's default names a risk assessment).
CREATE OR REPLACE FUNCTION activity_type_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.activity_id IS DISTINCT FROM OLD.activity_id THEN
        NEW.activity_type := coalesce((SELECT type FROM activity WHERE id = NEW.activity_id), NEW.activity_type);
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS recommendation_activity_type ON recommendation;
CREATE TRIGGER recommendation_activity_type BEFORE INSERT OR UPDATE OF activity_id ON recommendation
    FOR EACH ROW EXECUTE FUNCTION activity_type_from_activity();

-- Risks identified (the experience database holds "risici/anbefalinger"): beside the
-- recommendations, classified and searchable the same way.
CREATE TABLE IF NOT EXISTS identified_risk (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    activity_id    integer NOT NULL,
    activity_type  activity_type NOT NULL DEFAULT 'risk_assessment',
    subcategory    text NOT NULL REFERENCES subcategory (code),
    text           long_text NOT NULL,
    search_vector  tsvector GENERATED ALWAYS AS (to_tsvector('danish'::regconfig, text)) STORED,
    provenance     provenance_kind NOT NULL,
    source_ref     text,
    entered_by     text,
    entered_at     timestamptz,
    CONSTRAINT identified_risk_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT identified_risk_from_assessment_or_sparring CHECK (activity_type IN ('risk_assessment', 'sparring_meeting')),
    CONSTRAINT identified_risk_activity_fkey FOREIGN KEY (activity_id, activity_type)
        REFERENCES activity (id, type) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS identified_risk_activity_idx ON identified_risk (activity_id);
CREATE INDEX IF NOT EXISTS identified_risk_search_idx ON identified_risk USING gin (search_vector);
COMMENT ON TABLE identified_risk IS 'Risiko: a risk the assessment team identified (risk workshop, pre-meeting) or a sparring meeting named, classified by subcategory like the recommendations.';
COMMENT ON COLUMN identified_risk.search_vector IS 'The text as Danish search terms, as recommendation.search_vector; derived, never written.';
DROP TRIGGER IF EXISTS identified_risk_activity_type ON identified_risk;
CREATE TRIGGER identified_risk_activity_type BEFORE INSERT OR UPDATE OF activity_id ON identified_risk
    FOR EACH ROW EXECUTE FUNCTION activity_type_from_activity();

-- ---------------------------------------------------------------------------------------
-- The project's response and the evaluations.
-- ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS case_response (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      integer NOT NULL REFERENCES assessment_case (id) ON DELETE CASCADE,
    received_on  date NOT NULL,
    summary      long_text NOT NULL,
    provenance   provenance_kind NOT NULL,
    source_ref   text,
    entered_by   text,
    entered_at   timestamptz,
    CONSTRAINT case_response_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT case_response_once UNIQUE (case_id),
    CONSTRAINT case_response_plausible CHECK (received_on >= DATE '2019-01-01')
);
COMMENT ON TABLE case_response IS 'Responsum: the project''s written answer to the recommendation letter, how it will act on the recommendations, dated. Each recommendation''s own response is in recommendation.response.';

CREATE TABLE IF NOT EXISTS case_evaluation (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         integer NOT NULL REFERENCES assessment_case (id) ON DELETE CASCADE,
    respondent      evaluation_respondent NOT NULL,
    received_on     date NOT NULL,
    score_process   smallint NOT NULL CHECK (score_process BETWEEN 1 AND 5),
    score_output    smallint NOT NULL CHECK (score_output BETWEEN 1 AND 5),
    score_value     smallint NOT NULL CHECK (score_value BETWEEN 1 AND 5),
    comment         long_text,
    provenance      provenance_kind NOT NULL,
    source_ref      text,
    entered_by      text,
    entered_at      timestamptz,
    CONSTRAINT case_evaluation_provenance CHECK (provenance_is_complete(provenance, source_ref, entered_by, entered_at)),
    CONSTRAINT case_evaluation_once UNIQUE (case_id, respondent),
    CONSTRAINT case_evaluation_plausible CHECK (received_on >= DATE '2019-01-01')
);
COMMENT ON TABLE case_evaluation IS 'Evalueringsskema (section 5): the project''s or the assessors'' answers, scored 1 (poor) to 5 (very good), with free text; entered by the secretariat.';
COMMENT ON COLUMN case_evaluation.score_process IS 'Hvordan var forløbet (proces)? 1-5.';
COMMENT ON COLUMN case_evaluation.score_output IS 'Hvordan var resultatet (brev/referat)? 1-5.';
COMMENT ON COLUMN case_evaluation.score_value IS 'Hvor brugbart var it-rådets input for projektet? 1-5.';

-- The letter, the responsum and the assessors' evaluation belong to a risk assessment; no record
-- of a case is dated in the future.
CREATE OR REPLACE FUNCTION case_record_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    the_kind case_kind;
    on_day   date;
BEGIN
    SELECT kind INTO the_kind FROM assessment_case WHERE id = NEW.case_id;
    IF the_kind = 'sparring' AND (TG_TABLE_NAME IN ('case_letter', 'case_response')
                                  OR to_jsonb(NEW) ->> 'respondent' = 'assessors') THEN
        RAISE EXCEPTION '% belongs to a risk assessment, not a sparring meeting', TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_only_assessment';
    END IF;
    on_day := CASE TG_TABLE_NAME WHEN 'case_letter' THEN NULL ELSE (to_jsonb(NEW) ->> 'received_on')::date END;
    IF on_day > itraad_today() THEN
        RAISE EXCEPTION '% dated % is in the future', TG_TABLE_NAME, on_day
            USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_not_in_future';
    END IF;
    RETURN NULL;
END $$;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['case_letter', 'case_response', 'case_evaluation'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_rules', t);
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE ON %I '
                       'DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION case_record_check()',
                       t || '_rules', t);
    END LOOP;
END $$;
