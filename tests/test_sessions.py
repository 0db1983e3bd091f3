"""Server-side sign-in sessions (dashboard.sessions) and sign-in hardening (dashboard.accounts), on a
real PostgreSQL: the handoff of a sign-in to one browser, idle expiry, the end of other sessions on a
new password or role, the same answer for every failed sign-in, and the count after a lock."""

from __future__ import annotations

import statistics
import time

import pytest
import sqlalchemy as sa

from dashboard import accounts, sessions
from dashboard.db.connection import SIGN_IN, connect

PASSWORD = "korrekt hest batteri"
PAGES = {"", "indtastning", "historik", "portefolje", "log-ind"}


@pytest.fixture
def anna(db):
    with db.begin() as conn:
        accounts.create_user(conn, "anna", "secretariat", PASSWORD, "Anna", "test")
        accounts.create_user(conn, "ada", "admin", PASSWORD, "Ada", "test")
    return db


def _signed_in(browser: str, next_path: str = "/indtastning?type=pipeline") -> tuple[int, str]:
    """A sign-in of anna in a browser holding the cookie `browser`: (session id, session cookie)."""
    session_id = sessions.start("anna", browser_token=browser, next_path=next_path)
    token, landing = sessions.redeem(browser)
    assert landing == next_path
    return session_id, token


def test_a_sign_in_is_handed_to_its_own_browser_once(anna):
    browser = sessions.new_token()
    session_id = sessions.start("anna", browser_token=browser, next_path="/historik?type=projekt")
    assert sessions.redeem(sessions.new_token()) is None          # another browser's cookie finds nothing
    token, landing = sessions.redeem(browser)
    assert landing == "/historik?type=projekt" and sessions.well_formed(token)
    assert sessions.redeem(browser) is None                         # one use
    found = sessions.current(token=token)
    assert found.session_id == session_id and found.actor == accounts.Actor("anna", "secretariat", "Anna", "local")
    with anna.connect() as conn:
        stored = conn.execute(sa.text("SELECT token_hash FROM web_session WHERE id = :s"), {"s": session_id}).scalar()
        handoffs = conn.execute(sa.text("SELECT count(*) FROM sign_in_handoff")).scalar()
    assert bytes(stored) == sessions.token_hash(token) and token.encode() not in bytes(stored)  # only the hash
    assert handoffs == 0


def test_a_late_handoff_signs_nobody_in(anna):
    browser = sessions.new_token()
    sessions.start("anna", browser_token=browser)
    with anna.begin() as conn:
        conn.execute(sa.text("UPDATE sign_in_handoff SET expires_at = now() - interval '1 second'"))
    assert sessions.redeem(browser) is None


def test_an_idle_session_ends_and_a_busy_one_does_not(anna, monkeypatch):
    monkeypatch.setenv("ITRAAD_SESSION_IDLE_MINUTES", "30")
    session_id, token = _signed_in(sessions.new_token())
    with anna.begin() as conn:
        conn.execute(sa.text("UPDATE web_session SET created_at = now() - interval '2 hours',"
                             " last_seen_at = now() - interval '29 minutes' WHERE id = :s"), {"s": session_id})
    assert sessions.current(token=token).actor is not None            # a click within 30 minutes
    with anna.begin() as conn:
        conn.execute(sa.text("UPDATE web_session SET last_seen_at = now() - interval '31 minutes' WHERE id = :s"),
                     {"s": session_id})
    over = sessions.current(token=token)
    assert over.actor is None and over.ended == "idle"
    assert sessions.current(token=token).actor is None                 # and stays over


def test_sign_out_ends_the_session_for_the_cookie_too(anna):
    session_id, token = _signed_in(sessions.new_token())
    assert sessions.is_open(token)
    sessions.end(session_id, "signed_out")
    assert not sessions.is_open(token) and sessions.current(token=token).actor is None


def test_a_new_password_or_role_ends_the_other_sessions_and_switching_off_ends_all(anna):
    mine, _ = _signed_in(sessions.new_token())
    other, other_token = _signed_in(sessions.new_token())
    with anna.begin() as conn:  # anna changes her own password in one of her sessions
        accounts.update_user(conn, "anna", password="et helt nyt kodeord", keep_session=mine)
    assert sessions.current(session_id=mine).actor is not None
    assert sessions.current(token=other_token).ended == "unknown"      # over: ended by the change
    third, _ = _signed_in(sessions.new_token())
    with accounts.accounts_connection(accounts.Actor("ada", "admin")) as conn:  # as the admin page does
        accounts.update_user(conn, "anna", role="viewer")
    assert sessions.current(session_id=mine).actor is None and sessions.current(session_id=third).actor is None
    fourth, _ = _signed_in(sessions.new_token())
    with anna.begin() as conn:
        accounts.update_user(conn, "anna", role="viewer")               # no change of role: nothing ends
    assert sessions.current(session_id=fourth).actor is not None
    with anna.begin() as conn:
        accounts.update_user(conn, "anna", active=False, keep_session=fourth)
    assert sessions.current(session_id=fourth).actor is None
    with anna.connect() as conn:
        reasons = dict(conn.execute(sa.text("SELECT id, end_reason FROM web_session")).all())
    assert reasons == {mine: "role_changed", other: "password_changed", third: "role_changed", fourth: "disabled"}


def test_only_the_sign_in_role_reads_sessions(anna):
    _signed_in(sessions.new_token())
    for role in ("itraad_reader", "itraad_writer"):
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            with anna.begin() as conn:
                conn.execute(sa.text(f"SET LOCAL ROLE {role}"))
                conn.execute(sa.text("SELECT token_hash FROM web_session"))
    with anna.begin() as conn:  # bookkeeping: no audit trail of clicks, no cache invalidation per click
        triggers = conn.execute(sa.text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid IN ('web_session'::regclass, 'sign_in_handoff'::regclass)"
            " AND NOT tgisinternal")).scalars().all()
    assert triggers == []
    with connect(role=SIGN_IN) as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM web_session")).scalar() == 1


@pytest.mark.parametrize("path, expected", [
    ("/indtastning?type=pipeline&id=ny", "/indtastning?type=pipeline&id=ny"), ("/", "/"), ("/?lang=en", "/?lang=en"),
    ("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"), ("/ukendt", "/"),
    ("/portefolje/x", "/"), ("/historik#frag", "/historik"), ("", "/"), (None, "/"), ("/log-ind\r\nX: y", "/")])
def test_the_landing_page_is_always_a_page_of_this_app(path, expected):
    assert sessions.safe_next(path, PAGES) == expected


# --- sign-in hardening -------------------------------------------------------------------------

def test_every_failed_sign_in_gets_the_same_answer(anna):
    with anna.begin() as conn:
        accounts.create_user(conn, "laast", "secretariat", PASSWORD, None, "test")
        accounts.create_user(conn, "slukket", "secretariat", PASSWORD, None, "test")
        accounts.update_user(conn, "slukket", active=False)
        conn.execute(sa.text("UPDATE app_user SET failed_logins = 5, locked_until = now() + interval '10 minutes'"
                             " WHERE username = 'laast'"))
    answers = {
        "unknown": accounts.sign_in("ingen-saadan", PASSWORD),
        "wrong password": accounts.sign_in("anna", "forkert kodeord!!"),
        "locked, right password": accounts.sign_in("laast", PASSWORD),
        "switched off": accounts.sign_in("slukket", PASSWORD),
    }
    assert all(a.actor is None for a in answers.values())
    assert len({(a.error_key, tuple(sorted((a.params or {}).items()))) for a in answers.values()}) == 1, answers


def test_an_unknown_or_locked_account_takes_as_long_as_a_real_one(anna):
    """The argon2 verify (tens of milliseconds) dominates: an unknown or locked account must spend it
    too, or the time would tell which accounts exist."""
    with anna.begin() as conn:
        accounts.create_user(conn, "laast", "secretariat", PASSWORD, None, "test")
        conn.execute(sa.text("UPDATE app_user SET locked_until = now() + interval '10 minutes' WHERE username = 'laast'"))

    def median(name: str) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            accounts.sign_in(name, "forkert kodeord!!")
            times.append(time.perf_counter() - started)
        with anna.begin() as conn:  # keep anna below the lock
            conn.execute(sa.text("UPDATE app_user SET failed_logins = 0 WHERE username = 'anna'"))
        return statistics.median(times)

    real, unknown, locked = median("anna"), median("ingen-saadan"), median("laast")
    assert 0.6 < unknown / real < 1.6 and 0.6 < locked / real < 1.6, (real, unknown, locked)


def test_after_a_lock_runs_out_the_count_starts_again(anna):
    for _ in range(accounts.MAX_FAILED_SIGN_INS):
        accounts.sign_in("anna", "forkert kodeord!!")
    with anna.begin() as conn:  # the lock has run out
        conn.execute(sa.text("UPDATE app_user SET locked_until = now() - interval '1 second' WHERE username = 'anna'"))
    assert accounts.sign_in("anna", "forkert kodeord!!").actor is None   # one more mistake ...
    with anna.connect() as conn:
        failed, locked = conn.execute(sa.text(
            "SELECT failed_logins, locked_until > now() FROM app_user WHERE username = 'anna'")).one()
    assert failed == 1 and not locked                                    # ... is the first of a new count
    assert accounts.sign_in("anna", PASSWORD).actor is not None


def test_an_admin_can_set_a_new_password_without_reading_secrets(anna):
    """The admin page runs as itraad_admin, which may not read password hashes or failure counts."""
    _, token = _signed_in(sessions.new_token())
    with anna.begin() as conn:
        conn.execute(sa.text("UPDATE app_user SET failed_logins = 5, locked_until = now() + interval '1 hour'"
                             " WHERE username = 'anna'"))
    with accounts.accounts_connection(accounts.Actor("ada", "admin")) as conn:
        accounts.update_user(conn, "anna", password="et helt nyt kodeord")
    assert sessions.current(token=token).actor is None                  # her open session is over
    assert accounts.sign_in("anna", "et helt nyt kodeord").actor is not None  # and the lock is lifted


# --- the app's sessions, run by Streamlit's AppTest (no browser cookie: this tab only) ------------

def test_with_sign_in_required_the_front_page_asks_for_it_and_the_session_expires(anna, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from apptest import APP, PAGES as PAGE_FILES
    from dashboard.i18n import t

    monkeypatch.setenv("ITRAAD_REQUIRE_SIGN_IN", "1")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception and t("session.sign_in_to_continue") in [i.value for i in at.info]
    assert len(at.metric) == 0                                           # nothing of the overview
    at.text_input(key="sign_in:username").input("anna")
    at.text_input(key="sign_in:password").input(PASSWORD)
    next(b for b in at.button if b.label == t("auth.submit")).click().run()
    assert not at.exception and len(at.metric) > 0                    # the overview, signed in
    assert t("session.sign_in_to_continue") not in [i.value for i in at.info]
    with anna.begin() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM web_session WHERE ended_at IS NULL")).scalar() == 1
        conn.execute(sa.text("UPDATE web_session SET created_at = now() - interval '2 hours',"
                             " last_seen_at = now() - interval '31 minutes'"))
    at.run()
    assert len(at.metric) == 0 and t("session.sign_in_to_continue") in [i.value for i in at.info]
    at.switch_page(str(PAGE_FILES / "log_ind.py")).run()
    assert t("auth.expired") in [i.value for i in at.info]
    with anna.connect() as conn:
        assert conn.execute(sa.text("SELECT end_reason FROM web_session")).scalar() == "idle"
