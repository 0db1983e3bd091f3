"""Organisation and project names are unique as a reader sees them (issue 11, should-fix): zero-width
characters, odd spaces and Cyrillic or Greek lookalikes cannot make a second "Region Nordjylland".
The app's key (checks.name_key) and the database's (itraad_name_key, migration 0046) agree."""

from __future__ import annotations

import unicodedata

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings, strategies as st

from dashboard.accounts import Actor
from dashboard.db.migrate import run_sql_file
from dashboard.db import files
from dashboard.entry import checks, dberrors, service
from dashboard.entry.checks import INVISIBLE, Invalid
from dashboard.entry.validators import validate_organisation, validate_project
from entry_helpers import VALID, reference

ANNA = Actor("anna", "secretariat")
LOOKALIKES = {
    "Region Nord\u200bjylland": "zero-width space",
    "\ufeffRegion Nordjylland": "byte-order mark",
    "Region\u00a0Nordjylland": "no-break space",
    "Region  Nordjylland ": "two spaces and a trailing one",
    "Region Nord\u00adjylland": "soft hyphen",
    "ＲＥＧＩＯＮ Ｎｏｒｄｊｙｌｌａｎｄ": "full-width letters",
    "REGION NORDJYLLAND": "capitals",
}
OTHER_ALPHABETS = ["Regi\u043en Nordjylland", "R\u0435gion Nordjylland", "Region N\u03bfrdjylland"]


# --- the rule, without a database -------------------------------------------------------------

@pytest.mark.parametrize("name", LOOKALIKES)
def test_a_lookalike_of_an_existing_organisation_is_refused(name):
    ref = reference()
    ref.organisations[4] = "Region Nordjylland"
    result = validate_organisation({"name": name, "kind": "region"}, ref)
    assert result.errors["name"].code == "organisation_name_taken", LOOKALIKES[name]


@pytest.mark.parametrize("name", OTHER_ALPHABETS)
def test_letters_of_other_alphabets_are_refused_with_the_letter_named(name):
    result = validate_organisation({"name": name, "kind": "region"}, reference())
    assert result.errors["name"].code == "name_script"
    message = result.messages("da")["name"]
    assert "CYRILLIC" in message or "GREEK" in message


def test_danish_and_accented_latin_names_are_fine_and_stored_clean():
    result = validate_organisation({"name": "  Ærø\u200b Kommune\u00a0– Sønderå, Île-de-Façade ", "kind": "municipality"},
                                   reference())
    assert result.ok and result.values["name"] == "Ærø Kommune – Sønderå, Île-de-Façade"
    project = validate_project({**VALID["project"], "name": "Fælles\u2003medicinkort\u200d 3.0",
                                "short_name": "ＦＭＫ"}, reference())
    assert project.ok and (project.values["name"], project.values["short_name"]) == ("Fælles medicinkort 3.0", "FMK")


def test_a_project_name_lookalike_is_refused():
    ref = reference()
    for lookalike in ("LUNA\u200b", "Luna", "LUN\u0391"):
        result = validate_project({**VALID["project"], "name": lookalike}, ref)
        assert "name" in result.errors, lookalike


_NAME_TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from(list(INVISIBLE) + [" ", "\u00a0", "\u3000"]),
                     max_size=60)


@given(_NAME_TEXT)
def test_a_clean_name_is_stable_and_has_nothing_invisible(text):
    try:
        cleaned = checks.name(text, required=False)
    except Invalid:
        return
    if cleaned is None:
        return
    assert not any(c in cleaned for c in INVISIBLE)
    assert "  " not in cleaned and cleaned == cleaned.strip()
    assert unicodedata.normalize("NFKC", cleaned) == cleaned
    assert checks.name(cleaned, required=True) == cleaned                       # idempotent
    assert checks.name_key(cleaned) == checks.name_key(text)                      # the key sees through it


@given(_NAME_TEXT, st.sampled_from(list(INVISIBLE)), st.integers(min_value=0, max_value=60))
def test_an_invisible_character_never_makes_a_new_name(text, invisible, position):
    position = min(position, len(text))
    assert checks.name_key(text[:position] + invisible + text[position:]) == checks.name_key(text)


# --- the database agrees, and enforces it ---------------------------------------------------

# Text such names are made of: Latin letters (with accents), digits, punctuation, white space,
# the invisible characters, full-width forms, ligatures and the lookalikes the key folds.
_KEY_ALPHABET = st.characters(whitelist_categories=["Lu", "Ll", "Nd", "Po", "Pd", "Zs"], max_codepoint=0x024F) \
    | st.sampled_from(list(INVISIBLE) + list(checks._LOOKALIKES) + list("\t\n\u2028ＡＺａｚ０９ﬁﬂ"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(_KEY_ALPHABET, max_size=30), min_size=1, max_size=20))
def test_the_database_key_is_the_apps_key(db, names):
    with db.connect() as conn:
        keys = conn.execute(sa.text("SELECT itraad_name_key(n) FROM unnest(CAST(:names AS text[])) AS n"),
                            {"names": names}).scalars().all()
    assert keys == [checks.name_key(n) for n in names]


def test_the_database_refuses_a_lookalike_whatever_program_writes_it(db):
    for lookalike in [*LOOKALIKES, *OTHER_ALPHABETS]:
        with pytest.raises(sa.exc.IntegrityError) as refused:
            with db.begin() as conn:
                conn.execute(sa.text("INSERT INTO organisation (name, kind, provenance, entered_by, entered_at)"
                                     " VALUES (:n, 'region', 'entered', 'test', now())"), {"n": lookalike})
        assert refused.value.orig.diag.constraint_name == "organisation_name_normalised_key", lookalike
        assert dberrors.translate(refused.value, "organisation").errors["name"].code == "organisation_name_taken"
    with pytest.raises(sa.exc.IntegrityError, match="project_name_normalised_key"):
        with db.begin() as conn:
            conn.execute(sa.text("INSERT INTO project (slug, name, state, provenance, entered_by, entered_at)"
                                 " VALUES ('luna-2', 'LUNA\u200b', 'ongoing', 'entered', 'test', now())"))


def test_the_form_refuses_a_lookalike_and_saves_nothing(db):
    from helpers import table_checksums

    with db.connect() as conn:
        before = table_checksums(conn)
    for lookalike in ["Region Nord\u200bjylland", "Regi\u043en Nordjylland"]:
        result = service.save("organisation", {"name": lookalike, "kind": "region"}, ANNA, token=service.new_token())
        assert not result.ok and set(result.errors) == {"name"}
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_lookalikes_made_before_the_rule_are_marked_not_lost(db):
    migration = next(p for p in files.migration_files() if p.name.startswith("0046_"))
    with db.begin() as conn:
        conn.execute(sa.text("DROP INDEX organisation_name_normalised_key"))
        conn.execute(sa.text("INSERT INTO organisation (name, kind, provenance, entered_by, entered_at)"
                             " VALUES (:n, 'region', 'entered', 'test', now())"), {"n": "Region Nord\u200bjylland"})
        run_sql_file(conn, migration)
        names = conn.execute(sa.text("SELECT id, name FROM organisation WHERE itraad_name_key(name) LIKE"
                                     " 'region nordjylland%' ORDER BY id")).all()
        assert conn.execute(sa.text("SELECT to_regclass('organisation_name_normalised_key') IS NOT NULL")).scalar()
    assert names[0].name == "Region Nordjylland"
    assert names[1].name == f"Region Nord\u200bjylland (dublet {names[1].id})"
