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
from dashboard.files import served_app
from dashboard.i18n import copenhagen_today, t

log = logging.getLogger("itraad")
APP_SCRIPT = Path(__file__).resolve().parent / "app.py"
# What `itraad run` serves: the root's streamlit_app.py, the app inside the server layer of dashboard/web.
SERVED_APP = served_app()


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


def cmd_db_dump(args: argparse.Namespace) -> int:
    from dashboard.db.backup import dump
    from dashboard.db.connection import database_url, mask_url

    result = dump(Path(args.file))
    _say("backup.dump_done", url=mask_url(database_url()), file=str(result["file"]),
         size=f"{result['bytes'] / 2**20:.1f} MB", tables=result["tables"])
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    from dashboard.db.backup import restore
    from dashboard.db.connection import check_connection, database_url, mask_url

    url = mask_url(database_url())
    check_connection()
    if not Path(args.file).expanduser().is_file():
        raise UserError("backup.file_missing", path=str(Path(args.file).expanduser().resolve()))
    if not args.yes:
        try:
            answer = input(t("backup.restore_confirm", url=url, file=args.file))
        except EOFError:
            answer = ""
        if answer.strip().lower() != t("cli.reset_answer"):
            _say("cli.reset_cancelled")
            return 1
    result = restore(Path(args.file), restored_by=_cli_user())
    _say("backup.restore_done", url=url, file=str(result["file"]), tables=result["tables"])
    _say("backup.restore_recorded", sha256=result["sha256"])
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
    from dashboard import domain

    # The role in the sentence's language ("rollen Sekretariat"); the code is what --role takes.
    _say("cli.user_added", username=name, role=domain.label("entry.role", args.role).lower(), code=args.role)
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
    from dashboard import accounts, domain
    from dashboard.db.connection import connect

    _require_schema()
    with connect() as conn:
        users = accounts.list_users(conn)
    for row in users.itertuples():
        state = "" if row.active else f" ({t('cli.user_disabled')})"
        print(f"{row.username:<40} {row.role:<12} {domain.label('entry.role', row.role):<14}{state}")
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
    from dashboard.db import embedded, logins
    from dashboard.db.admin import init_database
    from dashboard.db.connection import configured_url, database_url, dispose_engines, mask_url, stop_embedded

    streamlit_args, allowed_hosts = _take_option(streamlit_args, "allowed-hosts")
    admin_url = database_url()  # starts the embedded server when DATABASE_URL is not set
    try:
        init_database(admin_url)
        # The web app logs in as its own unprivileged login, never as the administration login,
        # and this process keeps no administration connection open while it serves.
        url = logins.app_url(admin_url)
        dispose_engines()
        env = dict(os.environ)
        env["DATABASE_URL"] = url.render_as_string(hide_password=False)
        env.setdefault("ITRAAD_DATA_DIR", str(embedded.default_data_dir()))
        if allowed_hosts is not None:
            env["ITRAAD_ALLOWED_HOSTS"] = allowed_hosts  # dashboard/web/hosts.py
        address = _option(streamlit_args, "server.address", "127.0.0.1")
        port = _option(streamlit_args, "server.port", "8501")
        _say("cli.starting", address=f"http://{address}:{port}", url=mask_url(url))
        # Streamlit's own CLI on the app with its server layer, with TCP_NODELAY on its connections
        # (dashboard/serve.py says why).
        command = [sys.executable, "-m", "dashboard.serve", "run", str(SERVED_APP), *streamlit_args]
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
            stop_embedded()


def _take_option(args: list[str], name: str) -> tuple[list[str], str | None]:
    """Remove an `itraad run` option of its own (--name value or --name=value) from Streamlit's."""
    rest, value = [], None
    items = iter(args)
    for arg in items:
        if arg == f"--{name}":
            value = next(items, "")
        elif arg.startswith(f"--{name}="):
            value = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return rest, value


def _option(args: list[str], name: str, default: str) -> str:
    """The value of a Streamlit option given as --name=value or --name value."""
    for i, arg in enumerate(args):
        if arg == f"--{name}" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


# --- benchmark ------------------------------------------------------------------------------

def cmd_bench(args: argparse.Namespace) -> int:
    import datetime as dt

    from dashboard.bench import BenchConfig, format_report, run_bench
    from dashboard.bench.run import write_json

    config = BenchConfig(
        runs=args.runs, warmup=args.warmup, datasets=tuple(_csv(args.datasets)),
        pages=tuple(_csv(args.pages, keep_empty=True)) if args.pages is not None else None,
        viewers=tuple(int(n) for n in _csv(args.viewers)), viewer_pages=tuple(_csv(args.viewer_pages, keep_empty=True)),
        cold_start_runs=args.cold_start_runs, projects=args.projects, months=args.months,
        recommendations=args.recommendations, reuse_large=args.reuse_large,
        server_options=tuple(_server_options(args.set)), log_dir=Path(args.out_dir) / "logs",
        server_env=dict(pair.split("=", 1) for pair in args.env))
    report = run_bench(config)
    path = Path(args.json) if args.json else Path(args.out_dir) / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    write_json(report, path)
    print(format_report(report))
    print(f"\nJSON: {path}")
    return 0


def _csv(text: str, keep_empty: bool = False) -> list[str]:
    """'a,b' -> ['a', 'b']; with keep_empty a lone or empty item stays ('' is the overview's path)."""
    items = [item.strip().strip("/") for item in text.split(",")]
    return items if keep_empty else [item for item in items if item]


def _server_options(pairs: list[str]) -> list[str]:
    """['runner.postScriptGC=true'] -> ['--runner.postScriptGC', 'true'] for `itraad run`."""
    options = []
    for pair in pairs:
        name, _, value = pair.partition("=")
        options += [f"--{name.strip().lstrip('-')}", value.strip()]
    return options


# --- documents (dashboard/reports) ----------------------------------------------------------

def cmd_rapport_aarsrapport(args: argparse.Namespace) -> int:
    from dashboard.reports import annual, build

    year = annual.parse_year(args.aar)
    status_as_of = annual.parse_month(args.status_pr) if args.status_pr else None
    build.output.target(args.out)  # a bad file name is refused before any work
    _require_schema()
    path, built = build.write(build.annual_report(year, args.med_demo, status_as_of), args.out,
                              progress=_print_progress)
    _say("reports.cli.written", path=str(path.resolve()), seconds=f"{sum(built.seconds.values()):.1f}")
    return 0


def cmd_rapport_raadsmoede(args: argparse.Namespace) -> int:
    from dashboard.reports import build, meeting

    since = meeting.parse_date(args.siden)
    meeting_date = meeting.parse_date(args.dato) if args.dato else copenhagen_today()
    meeting.check_period(since, meeting_date)
    build.output.target(args.out, ("pdf",))
    _require_schema()
    path, built = build.write(build.meeting_pack(since, meeting_date, args.med_demo), args.out, ("pdf",),
                              progress=_print_progress)
    _say("reports.cli.written", path=str(path.resolve()), seconds=f"{sum(built.seconds.values()):.1f}")
    return 0


# --- entry point ----------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="itraad", description="Rådsportalen for Regionernes It-råd.")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="start the dashboard (--allowed-hosts NAMES: the host names it answers to besides "
                                    "the loopback names; Streamlit options such as --server.port pass through)")

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

    dump = db.add_parser("dump", help="save the whole database to FILE (pg_dump custom format)")
    dump.add_argument("file", help="the file to write, e.g. raadsportalen.dump")
    dump.set_defaults(func=cmd_db_dump)
    restore = db.add_parser("restore", help="replace all data with the content of FILE, all or nothing (asks first)")
    restore.add_argument("file", help="a file written by itraad db dump")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_db_restore)

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

    export = commands.add_parser("export", help="write projects.csv, activities.csv, recommendation_shares.csv and the project facts (project_facts.csv, project_phases.csv, project_budgets.csv)")
    export.add_argument("--out", required=True, help="folder to write to")
    export.set_defaults(func=cmd_export)

    rapport = commands.add_parser("rapport", help="make the council's documents from the database "
                                  "(dashboard/reports)").add_subparsers(dest="rapport_command", required=True)
    aarsrapport = rapport.add_parser("aarsrapport", help="the annual report draft as PDF or Word (DOCX)")
    aarsrapport.add_argument("--aar", required=True, help="the report's year, e.g. 2023")
    aarsrapport.add_argument("--out", required=True, help="the file to write: FILE.pdf or FILE.docx")
    aarsrapport.add_argument("--status-pr", help="the month of table 1's status texts, YYYY-MM "
                                                 "(default: March of the following year, or this month if earlier)")
    aarsrapport.add_argument("--med-demo", action="store_true",
                             help="include demo rows (every page then says so); default: published and entered data only")
    aarsrapport.set_defaults(func=cmd_rapport_aarsrapport)
    raadsmoede = rapport.add_parser("raadsmoede", help="the council meeting pack (PDF): everything since the last meeting")
    raadsmoede.add_argument("--siden", required=True, help="the date of the last meeting, YYYY-MM-DD")
    raadsmoede.add_argument("--dato", help="the meeting's date, YYYY-MM-DD (default today)")
    raadsmoede.add_argument("--out", required=True, help="the file to write: FILE.pdf")
    raadsmoede.add_argument("--med-demo", action="store_true", help="include demo rows (every page then says so)")
    raadsmoede.set_defaults(func=cmd_rapport_raadsmoede)

    bench = commands.add_parser("bench", help="measure page runs, SQL, cold start and concurrent viewers "
                                              "(docs/performance.md)")
    bench.add_argument("--runs", type=int, default=30, help="measured reruns per page (default 30)")
    bench.add_argument("--warmup", type=int, default=3, help="unmeasured reruns first (default 3)")
    bench.add_argument("--datasets", default="published,large", help="published,large (default both)")
    bench.add_argument("--pages", default=None,
                       help="url paths to measure, e.g. ',portefolje' ('' is the overview; default every page)")
    bench.add_argument("--viewers", default="10,30,50", help="concurrent viewer counts (default 10,30,50; '' skips)")
    bench.add_argument("--viewer-pages", default=",status",
                       help="pages the concurrent viewers open (default the overview and status)")
    bench.add_argument("--cold-start-runs", type=int, default=3, help="starts per data-dir kind (0 skips)")
    bench.add_argument("--projects", type=int, default=2000, help="large set: projects (default 2000)")
    bench.add_argument("--months", type=int, default=120, help="large set: months (default 120)")
    bench.add_argument("--recommendations", type=int, default=20000, help="large set: recommendations")
    bench.add_argument("--reuse-large", action="store_true", help="keep the large database for the next bench run")
    bench.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                       help="a Streamlit option for the measured server, e.g. runner.postScriptGC=true")
    bench.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                       help="an environment variable for the measured server, e.g. ITRAAD_WARMUP=0")
    bench.add_argument("--out-dir", default="bench-results", help="folder for the JSON and the server logs")
    bench.add_argument("--json", default=None, help="write the JSON here instead of <out-dir>/bench-<time>.json")
    bench.set_defaults(func=cmd_bench)
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
