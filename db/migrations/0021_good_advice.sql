-- 0021: the report's "gode råd" (section 3) as reference content, each under the focus area the
-- report files it under. Loaded from db/seed/good_advice.csv by `itraad db init`.

CREATE TABLE IF NOT EXISTS good_advice (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    focus_area  text NOT NULL REFERENCES focus_area (code),
    title       short_text NOT NULL UNIQUE,
    text        long_text NOT NULL,
    position    smallint NOT NULL CHECK (position BETWEEN 1 AND 50),
    source_ref  text NOT NULL CHECK (btrim(source_ref) <> ''),
    UNIQUE (focus_area, position)
);
COMMENT ON TABLE good_advice IS
    'Godt råd: the council''s advice to regional projects (report section 3), under the focus area the report files it under; published reference content.';
COMMENT ON COLUMN good_advice.position IS 'Order within its focus area, as in the report.';

DROP TRIGGER IF EXISTS good_advice_bump_version ON good_advice;
CREATE TRIGGER good_advice_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON good_advice
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
