"""Operator commands: `flask --app wsgi <command>`. Each create command prints the new id last."""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from . import ROOT
from .data.enums import ItemKind, Role
from .data.migrate import upgrade
from .domain import accounts, organisations, rules, sealing
from .domain.clock import utcnow
from .domain.errors import HarmonyError
from .extensions import db
from .messages import VERDICTS, bilingual, field_errors, message, say


def _fail(error: HarmonyError) -> None:
    db().rollback()
    lines = [bilingual(lambda: message(error.key, **error.details))]
    errors = error.details.get("errors", {})
    lines += [f"  {field}: {bilingual(lambda: field_errors(errors)[field])}" for field in errors]
    raise click.ClickException("\n".join(lines))


def _run(operation):
    try:
        result = operation()
        db().commit()
        return result
    except HarmonyError as error:
        _fail(error)


@click.command("init-db")
def init_db():
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo(say(_l("database ready")))


@click.command("create-jurisdiction")
@click.argument("name")
@click.option("--parent", type=int, help="id of the parent jurisdiction")
def create_jurisdiction(name, parent):
    """Add a jurisdiction (上级工会/辖区)."""
    click.echo(_run(lambda: organisations.create_jurisdiction(db(), name, parent)).id)


@click.command("create-enterprise")
@click.argument("name")
@click.option("--credit-code", required=True, help="统一社会信用代码, 18 characters")
@click.option("--headcount", required=True, type=int)
@click.option("--jurisdiction", required=True, type=int)
@click.option("--department", "departments", multiple=True, help="repeat for each department")
def create_enterprise(name, credit_code, headcount, jurisdiction, departments):
    """Add an enterprise (企业)."""
    click.echo(_run(lambda: organisations.create_enterprise(
        db(), name, credit_code, headcount, jurisdiction, list(departments))).id)


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--enterprise", type=int, help="for a chair")
@click.option("--jurisdiction", type=int, help="for an assessor")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def create_user(username, role, enterprise, jurisdiction, password_stdin):
    """Add a staff user; prints their API key (shown only now) on the last line."""
    password = _password(password_stdin)
    user, api_key = _run(lambda: accounts.create_user(db(), username, password, role, enterprise, jurisdiction))
    click.echo(say(_l("user %(id)s created; API key (shown once):"), id=user.id))
    click.echo(api_key)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(say(_l("password")), hide_input=True, confirmation_prompt=True)


@click.command("new-api-key")
@click.argument("username")
def new_api_key(username):
    """Replace a user's API key; prints the new key (shown only now) on the last line."""
    click.echo(_run(lambda: accounts.new_api_key(db(), username)))


@click.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@click.option("--disable", is_flag=True, help="also lock the account out")
def set_password(username, password_stdin, disable):
    """Set a user's password (and optionally disable the account)."""
    password = _password(password_stdin)
    _run(lambda: accounts.set_password(db(), username, password, active=not disable))
    click.echo(say(_l("password set, account disabled")) if disable else say(_l("password set")))


@click.command("close-due")
def close_due():
    """Close every open vote whose closing time has passed (run it from cron every minute), and finish
    those a close left sealing; on a new day's first run, rewrite the concerns and objections written
    since the last night."""
    from .data.day_rewrite import rewrite_written
    from .data.scrub import after_close
    from .domain import campaigns
    from .web.common import local_today
    closed = sum(_closed(campaign) for campaign in campaigns.due(db(), utcnow()))
    after_close(db().get_bind())
    rewrite_written(db().get_bind(), local_today())
    click.echo(say(_l("closed %(count)s vote(s)"), count=closed))


def _closed(campaign) -> bool:
    """Close the vote, each step committed; False when another closer stopped it first."""
    from .domain import campaigns
    from .domain.errors import IllegalTransition
    from .web.common import committed
    try:
        committed(campaigns.closing(db(), campaign, utcnow()))
        return True
    except IllegalTransition:
        db().rollback()
        return False


@click.command("worker")
@click.option("--once", is_flag=True, help="run the jobs waiting now, then stop")
@click.option("--stop-with-parent", is_flag=True, help="stop when the process that started this one ends")
def worker(once, stop_with_parent):
    """Run the jobs — closing large votes, large exports, many slips — one at a time, and close-due every minute."""
    from .domain import jobs
    from .web.job_runs import RUNNERS, work, work_once
    from .web.job_views import worker_settings
    engine, settings = current_app.extensions["harmony.engine"], worker_settings()
    sessions = current_app.extensions["harmony.sessions"].session_factory
    if once:
        while work_once(engine, sessions, RUNNERS, settings):
            pass
        return
    os.nice(current_app.config["JOB_WORKER_NICE"])  # the web workers go first on a busy machine
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # the job in hand goes back to the queue
    if stop_with_parent:
        threading.Thread(target=_stop_with, args=(os.getppid(),), daemon=True).start()
    context = click.get_current_context()

    def every_minute():
        context.invoke(close_due)
        jobs.forget_files(db(), settings.folder, utcnow(), settings.files_hours)
        db().commit()
    click.echo(say(_l("worker started")))
    work(engine, sessions, RUNNERS, settings, every_minute)


def _stop_with(parent: int) -> None:
    """Stop this process (as SIGTERM does, even within a job) once its parent has ended."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)


def start_worker() -> subprocess.Popen:
    """The worker beside the demo's server: it stops when the server, its parent, ends."""
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--stop-with-parent"], cwd=ROOT)


DUE_LINE = _l("%(enterprise)s (%(level)s, %(year)s): yellow card, deadline %(deadline)s, %(days)s day(s) left")
OVERDUE_LINE = _l("%(enterprise)s (%(level)s, %(year)s): yellow card OVERDUE since %(deadline)s — confirm"
                  " the delisting or the rectification with the finding")


@click.command("due")
def due():
    """List the yellow cards past or near their deadline (nothing is delisted: the assessor confirms)."""
    from .domain import titles
    from .web.common import local_today
    found = titles.due(db(), None, local_today())
    for item in found:
        declaration = item.title.declaration
        words = {"enterprise": declaration.enterprise.name, "level": declaration.level,
                 "year": declaration.cycle.year, "deadline": item.title.deadline.isoformat(), "days": item.days_left}
        click.echo(say(OVERDUE_LINE if item.overdue else DUE_LINE, **words))
    click.echo(say(_l("%(count)s yellow card(s) due"), count=len(found)))


SEAL_FILE_ERRORS = {
    "seal_not_utf8": _l("The file is not UTF-8 text."),
    "seal_not_canonical": _l("The file is not a canonical sealed export of Harmony."),
    "seal_format": _l("The sealed file's format version is unknown."),
    "seal_settings": _l("The vote settings in the file are incomplete."),
}


def _read_seal(path: Path) -> sealing.Verification:
    try:
        with path.open("rb") as handle:
            return sealing.verify(iter(lambda: handle.read(1 << 20), b""))
    except OSError as error:
        raise click.ClickException(say(_l("Cannot read the file %(path)s: %(reason)s"), path=path,
                                       reason=error.strerror))
    except sealing.SealFileError as error:
        raise click.ClickException(f"{path}: {say(SEAL_FILE_ERRORS[error.key])}")


def _seal_lines(settings: dict, summary: dict) -> list[str]:
    enterprise, campaign = settings.get("enterprise", {}), settings.get("campaign", {})
    verdict = VERDICTS[rules.verdict(summary["qualified"], summary["reasons"])]
    return [
        say(_l("Enterprise: %(name)s (%(code)s)"), name=enterprise.get("name"), code=enterprise.get("credit_code")),
        say(_l("Vote: %(title)s (#%(id)s), closed %(closed)s"), title=campaign.get("title"), id=campaign.get("id"),
            closed=campaign.get("closed_at")),
        say(_l("Ballots: cast %(cast)s, valid %(valid)s, electorate %(electorate)s"), cast=summary["cast"],
            valid=summary["valid"], electorate=summary["electorate"]),
        say(_l("Composite (%(method)s): %(composite)s = %(decimal)s, threshold %(threshold)s = %(threshold_decimal)s"),
            method=summary["method"], composite=summary["composite"], decimal=summary["composite_decimal"],
            threshold=summary["threshold"], threshold_decimal=summary["threshold_decimal"]),
        say(_l("Verdict: %(verdict)s (%(reasons)s)"), verdict=verdict, reasons=", ".join(summary["reasons"])),
        *_hidden_lines(settings, summary.get("departments")),
    ]


def _statistics_lines(statistics: dict | None) -> list[str]:
    """A harmony-seal/3 file's statistics, as recomputed from its ballots."""
    if statistics is None:
        return []
    def short(figure: str | None) -> str:
        return "—" if figure is None else format(float(figure), ".4g")

    composite, alpha = statistics["composite"], statistics["alpha"]
    return [say(_l("Statistics: composite 90%% interval %(low)s – %(high)s, Cronbach's alpha %(alpha)s"),
                low=short(composite["low"]), high=short(composite["high"]), alpha=short(alpha["value"]))]


def _hidden_lines(settings: dict, departments: dict | None) -> list[str]:
    """A harmony-seal/2 file's hidden departments, as recounted (not stated: 未填部门)."""
    if not departments:
        return []
    names = {option["key"]: option["text_zh"] for item in settings["questionnaire"]["items"]
             if item["kind"] == ItemKind.DEPARTMENT for option in item["options"]}

    def line() -> str:
        groups = ", ".join(str(_l("Not stated")) if group is None else names.get(group, group)
                           for group in departments["hidden"])
        return str(_l("Departments hidden in the file: %(groups)s")) % {"groups": groups or "—"}
    return [bilingual(line)]


@click.command("verify-seal")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--digest", help="the SHA-256 printed on the self-check attachment; the file must have it")
def verify_seal(file, digest):
    """Recount a sealed file (export format=json) without the database; prints its SHA-256 last.

    Exits 1 when the recount disagrees with the summary or the statistics in the file, or the file's
    SHA-256 is not --digest.
    """
    result = _read_seal(file)
    for line in [*_seal_lines(result.settings, result.recounted), *_statistics_lines(result.recounted_statistics)]:
        click.echo(line)
    problems = []
    if not result.agrees:
        problems.append(say(_l("The recount disagrees with the file: %(fields)s"),
                            fields=", ".join(result.differences())))
    if digest is not None and digest.strip().lower() != result.sha256:
        problems.append(say(_l("The file's SHA-256 is not the given digest %(digest)s"), digest=digest.strip()))
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(result.sha256)
    if problems:
        raise SystemExit(1)


BACKUP_REFUSED = _l("Votes are open, no backup made: %(votes)s. Back up after they close, or use --force.")
OPEN_VOTE_WARNING = _l(
    "WARNING: votes are open. This backup holds their used and unused codes' hashes and the ballots cast so far,"
    " stored in the order they arrived: whoever holds it together with the codes (or the slips) can match codes"
    " to ballots. Keep it as safe as the live database; back up again after the votes close and destroy this copy.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="back up even while a vote is open (read the warning)")
def backup(file, force):
    """A consistent copy of the database in FILE (SQLite: a database file; PostgreSQL: pg_dump -Fc).

    Refused while a satisfaction vote, a motion or an election is open, unless --force."""
    from .data import backup as backups
    from .web.common import local_today
    try:
        held = backups.back_up(db(), current_app.config["DATABASE_URL"], file, local_today(), force)
    except backups.VotesOpen as refused:
        raise click.ClickException(say(BACKUP_REFUSED, votes=str(refused)))
    except backups.BackupFailed as failed:
        raise click.ClickException(say(_l("The backup failed: %(problem)s"), problem=str(failed)))
    if held:
        click.secho(f"{say(OPEN_VOTE_WARNING)}\n{', '.join(held)}", err=True, fg="red", bold=True)
    click.echo(say(_l("backup written to %(file)s"), file=str(file)))


@click.command("demo")
@click.option("--port", default=5000, type=int)
@click.option("--no-serve", is_flag=True, help="only prepare the demo data")
def demo(port, no_serve):
    """Set up demo data on this database and serve it with gunicorn on the LAN."""
    from .demo import lan_address, seed
    upgrade(current_app.config["DATABASE_URL"])
    base = current_app.config["PUBLIC_BASE_URL"] or f"http://{lan_address()}:{port}"
    click.echo(_run(lambda: seed(db(), base)))
    if no_serve:
        return
    os.environ.update(PUBLIC_BASE_URL=base, HARMONY_BIND=f"0.0.0.0:{port}",
                      SECRET_KEY=current_app.config["SECRET_KEY"],
                      DATABASE_URL=current_app.config["DATABASE_URL"])
    os.chdir(ROOT)
    start_worker()
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "survey" / "gunicorn_conf.py"),
                               "wsgi:app"])


def register_commands(app: Flask) -> None:
    for command in (init_db, create_jurisdiction, create_enterprise, create_user, new_api_key, set_password,
                    close_due, worker, due, verify_seal, backup, demo):
        app.cli.add_command(command)
