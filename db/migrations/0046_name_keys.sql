-- 0046: organisation and project names are unique by what a reader sees, not only by their bytes.
--
-- "Region Nord<zero-width space>jylland", "Region Nordjylland " and "Regiоn Nordjylland" (a
-- Cyrillic о) look like "Region Nordjylland" on screen; as new organisations beside it they would
-- split the portfolio between two lookalike owners. itraad_name_key(name) is the name as it is
-- compared: Unicode NFKC, invisible characters removed (soft hyphen, zero-width space/joiners, word
-- joiner, invisible operators, byte-order mark), runs of white space as one space, trimmed, the
-- Cyrillic and Greek letters that look like Latin letters replaced by those letters, lower case.
-- A unique index on it refuses a second lookalike whatever program writes the row.
--
-- The app checks the same key first (dashboard/entry/checks.py: name_key, the same character
-- lists; tests/test_names.py proves the two agree) and gives a field message; the app also
-- refuses names with letters from other alphabets than the Latin one.
--
-- Rows that already collide (made before this rule) are not lost: every lookalike after the first
-- gets " (dublet <id>)" appended, an audited change the secretariat can merge or rename.

CREATE OR REPLACE FUNCTION itraad_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(translate(
        btrim(regexp_replace(
            regexp_replace(normalize(name, NFKC), U&'[\00AD\180E\200B-\200D\2060-\2064\FEFF]', '', 'g'),
            U&'[\0020\0009\000A\000B\000C\000D\0085\1680\2028\2029]+', ' ', 'g'), ' '),
        U&'\0410\0412\0415\041A\041C\041D\041E\0420\0421\0422\0425\0423\0406\0408\0405\04AE\0500\051A\051C\04C0\0430\0435\043E\0440\0441\0443\0445\0456\0458\0455\0501\04CF\051B\051D\04BB\04AF\0391\0392\0395\0396\0397\0399\039A\039C\039D\039F\03A1\03A4\03A5\03A7\03B1\03BF\03BD\03B9\03BA\03C1\03C5\03C7',
        'ABEKMHOPCTXYIJSYDQWIaeopcyxijsdlqwhyABEZHIKMNOPTYXaovikpux'))
$$;
COMMENT ON FUNCTION itraad_name_key IS 'A name as it is compared for uniqueness: NFKC, invisible characters removed, white space collapsed and trimmed, Latin lookalikes from Cyrillic and Greek folded to Latin, lower case.';

DO $$
DECLARE
    t text;
    renamed integer;
BEGIN
    FOREACH t IN ARRAY ARRAY['organisation', 'project'] LOOP
        IF to_regclass(t || '_name_normalised_key') IS NULL THEN
            EXECUTE format(
                'UPDATE %1$I x SET name = left(x.name, 180) || '' (dublet '' || x.id || '')'' '
                'WHERE EXISTS (SELECT 1 FROM %1$I y WHERE itraad_name_key(y.name) = itraad_name_key(x.name) AND y.id < x.id)',
                t);
            GET DIAGNOSTICS renamed = ROW_COUNT;
            IF renamed > 0 THEN
                RAISE NOTICE '%: % lookalike name(s) marked " (dublet <id>)"', t, renamed;
            END IF;
            EXECUTE format('CREATE UNIQUE INDEX %I ON %I (itraad_name_key(name))', t || '_name_normalised_key', t);
        END IF;
    END LOOP;
END $$;
COMMENT ON INDEX organisation_name_normalised_key IS 'One organisation per name as a reader sees it (itraad_name_key).';
COMMENT ON INDEX project_name_normalised_key IS 'One project per name as a reader sees it (itraad_name_key).';
