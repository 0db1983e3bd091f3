"""The ``itraad`` command: run the dashboard and administer its database.

Every failure a user can act on ends in a one-line message (in Danish) and a non-zero exit code,
never a traceback. ITRAAD_DEBUG=1 shows the traceback of unexpected errors.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.errors import UserError
from dashboard.i18n import t

log = logging.getLogger("itraad")
APP_SCRIPT = Path(__file__).resolve().parent / "app.py"


def _say(key: str, **params: object) -> None:
    print(t(key, **params), flush=True)


# --- database -------------------------------------------------------------------------------

def cmd_db_init(args: argparse.Namespace) -> int:
    from dashboard.db.admin import init_database
    from dashboard.db.connection import database_url, mask_url

    result = init_database()
    _say("cli.init_done", url=mask_url(database_url()), applied=len(result["applied"]),
         reference=result["reference_rows_added"],
         published=t("cli.published_loaded") if result["published_loaded"] else t("cli.published_present"))
    return 0


def cmd_db_reset(args: argparse.Namespace) -> int:
    from dashboard.db.admin import reset_database
    from dashboard.db.connection import check_connection, database_url, mask_url

    url = mask_url(database_url())
    check_connection()
    if not args.yes:
        try:
            answer = input(t("cli.reset_confirm", url=url))
        except EOFError:
            answer = ""
        if answer.strip().lower() != t("cli.reset_answer"):
            _say("cli.reset_cancelled")
            return 1
    reset_database()
    _say("cli.reset_done", url=url)
    return 0


def cmd_db_url(args: argparse.Namespace) -> int:
    from dashboard.db.connection import database_url, mask_url

    print(mask_url(database_url()))
    return 0


def cmd_db_demo(args: argparse.Namespace) -> int:
    from dashboard.db.connection import connect
    from dashboard.demo import load_demo, remove_demo

    _require_schema()
    with connect() as conn:
        if args.remove:
            deleted = remove_demo(conn)
            _say("cli.demo_removed", rows=sum(deleted.values()))
            return 0
        loaded = load_demo(conn, progress=_print_progress)
    _say("cli.demo_loaded" if loaded else "cli.demo_present")
    return 0


def cmd_db_synth(args: argparse.Namespace) -> int:
    from dashboard.db.connection import connect
    from dashboard.synthetic import generate_large

    _require_schema()
    with connect() as conn:
        result = generate_large(conn, projects=args.projects, months=args.months,
                                recommendations=args.recommendations, progress=_print_progress)
    _say("cli.synth_done", **result)
    return 0


def _print_progress(what: str, done: float) -> None:
    print(f"\r[{'#' * int(done * 30):<30}] {done:4.0%} {what:<40}", end="" if done < 1 else "\n", flush=True)


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard.db.connection import connect
    from dashboard.export import export

    _require_schema()
    with connect() as conn:
        written = export(conn, Path(args.out))
    _say("cli.export_done", files=", ".join(p.name for p in written), path=str(Path(args.out).resolve()))
    return 0


def _require_schema() -> None:
    from dashboard.db.admin import is_initialised

    if not is_initialised():
        raise UserError("errors.not_initialised")


# --- accounts -------------------------------------------------------------------------------

def _cli_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


def _read_password(from_stdin: bool) -> str:
    """The new password from a hidden prompt (asked twice), or the first line of stdin; never an
    argument, so it does not land in the shell's history or the process list."""
    import getpass

    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("cli.password_prompt"))
    if getpass.getpass(t("cli.password_repeat")) != first:
        raise UserError("auth.passwords_differ")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    from dashboard import accounts
    from dashboard.db.connection import connect

    _require_schema()
    password = None if args.oidc else _read_password(args.password_stdin)
    with connect(user=_cli_user(), reason="accounts") as conn:
        name = accounts.create_user(conn, args.username, args.role, password, args.name, _cli_user())
    _say("cli.user_added", username=name, role=args.role)
    return 0


def cmd_user_set(args: argparse.Namespace) -> int:
    from dashboard import accounts
    from dashboard.db.connection import connect

    _require_schema()
    active = True if args.enable else False if args.disable else None
    password = _read_password(args.password_stdin) if (args.password or args.password_stdin) else None
    with connect(user=_cli_user(), reason="accounts") as conn:
        accounts.update_user(conn, args.username, role=args.role, active=active, password=password)
    _say("cli.user_changed", username=args.username)
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from dashboard import accounts
    from dashboard.db.connection import connect

    _require_schema()
    with connect() as conn:
        users = accounts.list_users(conn)
    for row in users.itertuples():
        state = "" if row.active else f" ({t('cli.user_disabled')})"
        print(f"{row.username:<40} {row.role:<12}{state}")
    return 0


# --- run ------------------------------------------------------------------------------------

def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the Streamlit child gets SIGTERM if `itraad run` dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def cmd_run(args: argparse.Namespace, streamlit_args: list[str]) -> int:
    from dashboard.db import embedded
    from dashboard.db.admin import init_database
    from dashboard.db.connection import configured_url, database_url, mask_url

    url = database_url()  # starts the embedded server when DATABASE_URL is not set
    try:
        init_database(url)
        env = dict(os.environ)
        env["DATABASE_URL"] = url.render_as_string(hide_password=False)
        env.setdefault("ITRAAD_DATA_DIR", str(embedded.default_data_dir()))
        address = _option(streamlit_args, "server.address", "127.0.0.1")
        port = _option(streamlit_args, "server.port", "8501")
        _say("cli.starting", address=f"http://{address}:{port}", url=mask_url(url))
        command = [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT), *streamlit_args]
        child = subprocess.Popen(command, env=env,
                                 preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)

        def forward(signum, frame):
            if child.poll() is None:
                child.send_signal(signum)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        code = child.wait()
        _say("cli.stopped")
        return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code
    finally:
        if configured_url() is None:
            embedded.stop()


def _option(args: list[str], name: str, default: str) -> str:
    """The value of a Streamlit option given as --name=value or --name value."""
    for i, arg in enumerate(args):
        if arg == f"--{name}" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


# --- entry point ----------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="itraad", description="Rådsportalen for Regionernes It-råd.")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="start the dashboard (Streamlit options such as --server.port pass through)")

    db = commands.add_parser("db", help="administer the database").add_subparsers(dest="db_command", required=True)
    db.add_parser("init", help="create the schema and load the published data (idempotent)").set_defaults(func=cmd_db_init)
    reset = db.add_parser("reset", help="delete all data and initialise again")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(func=cmd_db_reset)
    db.add_parser("url", help="print the database URL in use (password masked)").set_defaults(func=cmd_db_url)
    demo = db.add_parser("demo", help="load the labelled demo data set (or remove it with --remove)")
    demo.add_argument("--remove", action="store_true", help="delete exactly the demo rows, nothing else")
    demo.set_defaults(func=cmd_db_demo)
    synth = db.add_parser("synth", help="load a large synthetic data set for the benchmark (use a separate database)")
    synth.add_argument("--projects", type=int, default=2000, help="number of synthetic projects (default 2000)")
    synth.add_argument("--months", type=int, default=120, help="months of status reports from January 2019 (default 120)")
    synth.add_argument("--recommendations", type=int, default=20000, help="synthetic recommendations (default 20000)")
    synth.set_defaults(func=cmd_db_synth)

    user = commands.add_parser("user", help="manage sign-in accounts").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create an account (the password is asked for, or read from stdin)")
    add.add_argument("username", help="lower-case name, or the e-mail address for OpenID Connect")
    add.add_argument("--role", required=True, choices=["viewer", "secretariat", "admin"])
    add.add_argument("--name", help="the person's name as shown in the app")
    add.add_argument("--oidc", action="store_true", help="no password: signs in through OpenID Connect only")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    add.set_defaults(func=cmd_user_add)
    change = user.add_parser("set", help="change an account's role, switch it off/on, or set a new password")
    change.add_argument("username")
    change.add_argument("--role", choices=["viewer", "secretariat", "admin"])
    on_off = change.add_mutually_exclusive_group()
    on_off.add_argument("--disable", action="store_true", help="the account can no longer sign in")
    on_off.add_argument("--enable", action="store_true")
    change.add_argument("--password", action="store_true", help="set a new password (asked for)")
    change.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")
    change.set_defaults(func=cmd_user_set)
    user.add_parser("list", help="list the accounts").set_defaults(func=cmd_user_list)

    export = commands.add_parser("export", help="write projects.csv, activities.csv and recommendation_shares.csv")
    export.add_argument("--out", required=True, help="folder to write to")
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("ITRAAD_LOG_LEVEL", "WARNING"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    if argv[:1] == ["run"]:
        args, streamlit_args = parser.parse_args(argv[:1]), argv[1:]
    else:
        args, streamlit_args = parser.parse_args(argv), []
    try:
        if args.command == "run":
            return cmd_run(args, streamlit_args)
        return args.func(args)
    except UserError as exc:
        print(f"itraad: {exc.message()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("ITRAAD_DEBUG"):
            raise
        log.debug("unexpected error", exc_info=True)
        print(f"itraad: {t('errors.unexpected')} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
