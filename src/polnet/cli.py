"""The `polnet` command: demo, serve, seed, audit (core/audit_cli.py), housekeeping, second-factor
codes, and more.

Django starts only inside a command (nothing happens at import), after the data
folder and secret key are settled.
"""

from __future__ import annotations

import functools
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from polnet.analysis import cli as analysis_cli
from polnet.core import audit_cli
from polnet.dataprotection import cli as dataprotection_cli
from polnet.feeds import cli as feeds_cli
from polnet.messaging import cli as messaging_cli
from polnet.network import cli_partners as partners_cli
from polnet.network.cli_users import cli_actor
from polnet.notices import cli as notices_cli
from polnet.offline import cli as offline_cli
from polnet.operations import cli as operations_cli
from polnet.post import cli as post_cli
from polnet.records import ftm_cli
from polnet.screening import cli as screening_cli
from polnet.screening import report_cli
from polnet.training import cli as training_cli

app = typer.Typer(
    help="polnet: a secure police cooperation network.", no_args_is_help=True, add_completion=False
)
records_app = typer.Typer(help="Record housekeeping.", no_args_is_help=True)
app.add_typer(audit_cli.app, name="audit", callback=lambda: setup_django())
app.add_typer(records_app, name="records")
records_app.add_typer(ftm_cli.app, name="ftm", callback=lambda: setup_django())  # polnet records ftm ...
app.add_typer(notices_cli.app, name="notices", callback=lambda: setup_django())
app.add_typer(messaging_cli.app, name="messages", callback=lambda: setup_django())
app.add_typer(screening_cli.app, name="hits", callback=lambda: setup_django())
screening_cli.app.add_typer(report_cli.app, name="report")  # polnet hits report ...
app.add_typer(analysis_cli.app, name="analysis", callback=lambda: setup_django())
app.add_typer(dataprotection_cli.app, name="dataprotection", callback=lambda: setup_django())
app.add_typer(partners_cli.app, name="partners", callback=lambda: setup_django())
app.add_typer(training_cli.app, name="training", callback=lambda: setup_django())
app.add_typer(operations_cli.app, name="operations", callback=lambda: setup_django())
app.add_typer(feeds_cli.app, name="feeds", callback=lambda: setup_django())
app.add_typer(offline_cli.app, name="offline", callback=lambda: setup_django())
app.add_typer(post_cli.app, name="post")  # the post's machine: no Django, no database server


def _import(*args: Any, **kwargs: Any) -> None:
    setup_django()
    feeds_cli.import_file(*args, **kwargs)


# `polnet import FILE --kind KIND --as USER`: the feeds' command, with Django set up first.
app.command("import")(functools.update_wrapper(_import, feeds_cli.import_file))

DEMO_PASSWORD = "polnet-demo-2026"  # noqa: S105  # printed for the demo users; never in production


def _data_dir() -> Path:
    return Path(os.environ.get("POLNET_DATA_DIR", "polnet-data")).resolve()


def _ensure_secret_key(data_dir: Path) -> None:
    """A random key kept in the data folder, made once, readable only by its owner."""
    key_file = data_dir / "secret_key"
    if os.environ.get("POLNET_SECRET_KEY") or key_file.exists():
        return
    key_file.write_text(secrets.token_urlsafe(64))
    key_file.chmod(0o600)


def setup_django(env: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")
    if env:
        os.environ.setdefault("POLNET_ENV", env)
    import django

    django.setup()


def _migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    from polnet.network.services import sync_countries

    sync_countries()


JOB_WORKERS_HELP = (
    "Job worker processes to start beside the server (passenger lists, housekeeping); "
    "0 where `polnet worker` runs apart."
)


def _serve(
    host: str, port: int, workers: int, tls: tuple[Path, Path] | None = None, job_workers: int = 1
) -> None:
    from django.db import connections

    from polnet.screening.querylog import seal_pending

    seal_pending()  # screening queries logged just before a crash get their seal now
    connections.close_all()  # the workers are forked: none may inherit this connection
    started = _start_job_workers(job_workers)
    try:
        _run_granian(host, port, workers, tls)
    finally:
        _stop_job_workers(started)


def _start_job_workers(count: int) -> list[subprocess.Popen[bytes]]:
    """`polnet worker` processes that stop with this server (if it is killed: after their job)."""
    command = [sys.executable, "-m", "polnet.cli", "worker", "--stop-with", str(os.getpid())]
    return [subprocess.Popen(command) for _ in range(count)]  # noqa: S603  # our own command


def _stop_job_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()  # a job in hand goes back to the queue at once
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _run_granian(host: str, port: int, workers: int, tls: tuple[Path, Path] | None) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    # ASGI: the event streams of open pages wait in each worker's event loop and hold no
    # thread (docs/live.md). POLNET_INTERFACE=wsgi serves as before, where each open stream
    # holds one of the POLNET_THREADS threads (kept to compare, and as a way back).
    wsgi = os.environ.get("POLNET_INTERFACE", "asgi").strip().lower() == "wsgi"
    Granian(
        "polnet.wsgi:application" if wsgi else "polnet.asgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI if wsgi else Interfaces.ASGINL,  # Django has no lifespan events
        workers=workers,
        # A few requests at once per worker (threads under WSGI, the gate of asgi.Handler under
        # ASGI), so that a long request does not block the others; more only fight over the
        # interpreter lock. Measured with wrk -c16 on document checks, 2 workers: 8 threads p99
        # 41-221 ms, 4 threads p99 24 ms and 6 % more requests.
        blocking_threads=int(os.environ.get("POLNET_THREADS", "4")) if wsgi else 1,
        ssl_cert=tls[0] if tls else None,
        ssl_key=tls[1] if tls else None,
    ).serve()


@app.command()
def demo(
    port: int = typer.Option(8000, help="Port to serve on."),
    host: str = typer.Option("127.0.0.1", help="Address to bind."),
    workers: int = typer.Option(2, help="Server worker processes."),
    job_workers: int = typer.Option(1, min=0, help=JOB_WORKERS_HELP),
) -> None:
    """Create (if absent) a SQLite demo network, seed it, and serve UI + API."""
    data_dir = _data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["POLNET_DATA_DIR"] = str(data_dir)
    _ensure_secret_key(data_dir)
    setup_django("demo")
    from rich.console import Console

    from polnet.records.seeding import DEMO_SIZES, demo_logins, seed_demo_if_empty

    console = Console()
    console.print(f"[bold]polnet demo[/] · data in {data_dir}")
    _migrate()
    seed_demo_if_empty(password=DEMO_PASSWORD, sizes=DEMO_SIZES, console=console)
    from polnet.notices.seeding import seed_demo_notices

    seed_demo_notices(console)
    from polnet.screening.seeding import seed_demo_hits

    seed_demo_hits(console)
    from polnet.analysis.seeding import seed_demo_analysis

    seed_demo_analysis(console)
    from polnet.dataprotection.seeding import seed_demo_dataprotection

    seed_demo_dataprotection(console)
    from polnet.training.seeding import seed_demo_training

    seed_demo_training(console, DEMO_PASSWORD)
    from polnet.operations.seeding import seed_demo_operations

    seed_demo_operations(console)
    seed_demo_showcase(console, data_dir)
    _write_index_snapshot()
    console.print(f"\n[bold]Open http://{host}:{port}/[/]  (API: http://{host}:{port}/api/openapi.json)\n")
    console.print(f"Demo users (password for all: [bold]{DEMO_PASSWORD}[/]):")
    for username, description in demo_logins():
        console.print(f"  {username:<22} {description}")
    console.print("\nSecond-factor code of a demo user, in another terminal:  [bold]polnet otp USERNAME[/]\n")
    _serve(host, port, workers, job_workers=job_workers)


def seed_demo_showcase(console: Any, data_dir: Path) -> None:
    """Public works of art with photos, a finished bulk-sync batch per bureau, a PAXLST file."""
    from polnet.feeds.seeding import seed_demo_feeds
    from polnet.records.seeding_artworks import seed_demo_artworks
    from polnet.screening.seeding_paxlst import write_demo_paxlst

    seed_demo_artworks(console)
    seed_demo_feeds(console)
    write_demo_paxlst(console, data_dir)


@app.command()
def serve(
    port: int = typer.Option(8000, help="Port to serve on."),
    host: str = typer.Option("127.0.0.1", help="Address to bind."),
    workers: int = typer.Option(os.cpu_count() or 1, help="Worker processes (one per core)."),
    tls_cert: Path | None = typer.Option(
        None, help="PEM certificate (chain) to serve HTTPS directly, without a proxy in front."
    ),
    tls_key: Path | None = typer.Option(None, help="PEM private key of --tls-cert."),
    job_workers: int = typer.Option(1, min=0, help=JOB_WORKERS_HELP),
) -> None:
    """Serve an existing database with the production server (granian, ASGI)."""
    tls = _tls_files(tls_cert, tls_key)
    os.environ.setdefault("POLNET_ENV", "production")
    setup_django()
    from django.core.management import call_command

    try:
        call_command("migrate", check=True, plan=True, verbosity=0)
    except SystemExit:
        typer.echo("The database is not up to date: run `polnet migrate` first.", err=True)
        raise typer.Exit(2) from None
    _write_index_snapshot()
    _serve(host, port, workers, tls, job_workers)


@app.command()
def worker(
    scheduler: bool = typer.Option(
        True, "--scheduler/--no-scheduler", help="Also enqueue scheduled jobs (safe in every worker)."
    ),
    stop_with: int | None = typer.Option(None, hidden=True, help="Stop when this parent process ends."),
) -> None:
    """Run background jobs (passenger lists, housekeeping) until stopped; run as many as needed."""
    os.environ.setdefault("POLNET_ENV", "production")
    setup_django()
    from polnet.jobs.schedules import registered
    from polnet.jobs.worker import Worker, discover_tasks

    discover_tasks()
    job_worker = Worker(scheduler=scheduler)
    schedules = ", ".join(s.name.rsplit(".", 1)[-1] for s in registered()) if scheduler else "none"
    typer.echo(f"Job worker {job_worker.worker_id} started; schedules: {schedules}.", err=True)
    job_worker.run_forever(parent_pid=stop_with)


def _tls_files(cert: Path | None, key: Path | None) -> tuple[Path, Path] | None:
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        typer.echo("Give both --tls-cert and --tls-key, or neither.", err=True)
        raise typer.Exit(2)
    for option, path in (("--tls-cert", cert), ("--tls-key", key)):
        if not path.is_file():
            typer.echo(f"{option}: no file at {path}.", err=True)
            raise typer.Exit(2)
    return cert, key


@app.command()
def migrate() -> None:
    """Create or update the database schema and load the ISO 3166 countries."""
    _data_dir().mkdir(parents=True, exist_ok=True)
    setup_django()
    _migrate(verbose=True)


@app.command()
def seed(
    persons: int = typer.Option(1000, min=0),
    documents: int = typer.Option(5000, min=0),
    vehicles: int = typer.Option(1000, min=0),
    firearms: int = typer.Option(500, min=0),
    artworks: int = typer.Option(200, min=0),
    countries: int = typer.Option(20, min=1),
    seed: int = typer.Option(1, "--seed", help="Same seed, same network."),
) -> None:
    """Add a deterministic synthetic network (bureaus, units, records) to the database."""
    _data_dir().mkdir(parents=True, exist_ok=True)
    setup_django()
    _migrate()
    from rich.console import Console

    from polnet.records.seeding import SeedSizes, seed_network

    sizes = SeedSizes(persons, documents, vehicles, firearms, artworks, countries)
    seed_network(sizes, seed=seed, console=Console())


_screening_actor = cli_actor


@app.command()
def screen(
    as_user: str = typer.Option(
        ..., "--as", help="The user on whose behalf (and with whose access) to screen."
    ),
    name: str = typer.Option("", help="A person's name, any order and script."),
    dob: str = typer.Option("", help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD."),
    nationality: str = typer.Option("", help="ISO country code."),
    sex: str = typer.Option("", help="M, F or U."),
    mrz: str = typer.Option("", help="A whole machine-readable zone (lines separated by newlines)."),
    document: str = typer.Option("", help="A travel document number (with --country)."),
    country: str = typer.Option("", help="Issuing country of --document."),
    title: str = typer.Option("", help="A work of art's title, any language or script."),
    artist: str = typer.Option("", help="A work of art's artist."),
    description: str = typer.Option("", help="A work of art's description."),
    dimensions: str = typer.Option("", help="A work of art's dimensions, such as '73 x 92 cm'."),
    photo: Path | None = typer.Option(
        None, "--photo", help="A photo of a work of art (JPEG, PNG or WebP, at most 5 MB)."
    ),
    file: Path | None = typer.Option(
        None, "--file", help="A passenger list (CSV with a header, JSON, or PAXLST)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Where to write the results of --file."),
    location: str = typer.Option("", help="Where the check happens."),
    purpose: str = typer.Option(
        "",
        help="Why: one of the listed purposes (locate_wanted, identification, investigation, alert, "
        "forensics, security_check, threat_analysis, border_management). Required for a person, an "
        "MRZ and a list.",
    ),
) -> None:
    """Screen a person, a document, a work of art or a whole passenger list against the network's
    databases."""
    setup_django()
    import dataclasses
    import json as json_module

    from rich.console import Console

    from polnet.core import purposes
    from polnet.core.errors import PolnetError
    from polnet.screening import services
    from polnet.screening.querylog import writer as query_log_writer

    actor = _screening_actor(as_user)
    console = Console()
    try:
        if file is not None:
            listed = purposes.stated(actor, purpose)  # the list's purpose, stated by each row's check
            list_actor = dataclasses.replace(actor, default_purpose=listed)
            _screen_file(list_actor, file, out or file.with_suffix(".results.csv"), location, console)
            return
        if mrz:
            result = services.screen_mrz(actor, mrz, location=location, purpose=purpose)
        elif document:
            result = services.screen_document(
                actor, document, country or None, location=location, purpose=purpose
            )
        elif name:
            q = services.person_query(name, date_of_birth=dob, sex=sex, nationality=nationality)
            result = services.screen_person(actor, q, location=location, purpose=purpose)
        elif title or artist or description or photo is not None:
            result = services.screen_artwork(
                actor,
                title=title,
                artist=artist,
                description=description,
                dimensions=dimensions,
                photo=_read_photo(photo) if photo is not None else None,
                location=location,
                purpose=purpose,
            )
        else:
            typer.echo("Give --name, --mrz, --document, --title/--artist/--photo or --file.", err=True)
            raise typer.Exit(2)
    except PolnetError as exc:
        typer.echo(f"Error: {exc.as_dict()['detail']}", err=True)
        raise typer.Exit(2) from None
    finally:
        query_log_writer.flush()
    body = result.public()
    console.print_json(json_module.dumps(body, default=str, ensure_ascii=False))
    _print_actions(body, Console(stderr=True))


def _read_photo(path: Path) -> bytes:
    from polnet.core.images import read_upload

    with path.open("rb") as fh:
        return read_upload(fh)


def _hit_actions(body: dict[str, Any]) -> list[tuple[Any, dict[str, Any]]]:
    """(hit id, action) of every hit of an answer and its related answers, in order."""
    found = [(c.get("hit_id"), c["action"]) for c in body.get("candidates") or [] if c.get("action")]
    found += [(h.get("hit_id"), h["action"]) for h in body.get("hits") or [] if h.get("action")]
    for related in body.get("related") or []:
        found += _hit_actions(related)
    return found


def _print_actions(body: dict[str, Any], console: Any) -> None:
    """What to do on each hit, for the officer at the terminal (stderr: stdout stays JSON)."""
    from rich.markup import escape

    for hit_id, action in _hit_actions(body):
        urgent = "[bold red]URGENT[/] " if action.get("urgent") else ""
        label, guidance = escape(str(action["label"])), escape(str(action.get("guidance") or ""))
        console.print(f"Hit {hit_id}: {urgent}[bold]{label}[/]. {guidance}")
        if action.get("reference"):
            console.print(f"  Warrant: {action['reference']}", markup=False)
        if action.get("note"):
            console.print(f"  Instruction: {action['note']}", markup=False)


def _screen_file(actor: Any, file: Path, out: Path, location: str, console: Any) -> None:
    from rich.progress import Progress

    from polnet.core import csv_safety
    from polnet.core.actions import URGENT_ACTIONS
    from polnet.screening.batches import files as batch_files
    from polnet.screening.batches import input as batch_input
    from polnet.screening.batches import runs as batches

    content = file.read_bytes()
    kind = batch_input.list_format(content, "", file.name)
    rows = list(batch_input.parse_rows(content, kind, file.name))
    hits = urgent = 0
    with out.open("w", newline="", encoding="utf-8") as dst, Progress(console=console) as progress:
        task = progress.add_task(f"screening {file.name}", total=len(rows))
        writer = csv_safety.DictWriter(dst, fieldnames=batch_files.RESULT_FIELDS)
        writer.writeheader()
        for result in batches.check_all(actor, rows, len(rows), location=location):
            hits += int(bool(result.get("hit_ids")))
            urgent += int(bool(URGENT_ACTIONS & set(str(result.get("actions") or "").split())))
            writer.writerow(result)
            progress.advance(task)
    console.print(
        f"{len(rows):,} rows screened, {hits:,} with hits ({urgent:,} urgent: arrest or protect). "
        f"Results: {out}"
    )


@app.command("index")
def build_index() -> None:
    """Build the screening index snapshot that server workers load at start."""
    setup_django()
    _write_index_snapshot(verbose=True)


def _write_index_snapshot(verbose: bool = False) -> None:
    import time

    from polnet.screening.index import ScreeningIndex, snapshot_folder

    started = time.monotonic()

    def progress(kind: str, n: int) -> None:
        if verbose:
            typer.echo(f"  {kind}: {n:,}")

    index = ScreeningIndex.build(on_progress=progress)
    index.save(snapshot_folder())
    sizes = ", ".join(f"{n:,} {k}s" for k, n in index.sizes().items())
    typer.echo(f"Screening index: {sizes} ({time.monotonic() - started:.1f} s).")


@app.command()
def otp(username: str) -> None:
    """Print the current second-factor code of a user (for the demo and for tests)."""
    setup_django()
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__username=username).first()
    if device is None:
        typer.echo(f"No second factor is set up for {username!r}.", err=True)
        raise typer.Exit(1)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    typer.echo(f"{code:0{device.digits}d}")


@audit_cli.app.command("verify-export")
def audit_verify_export(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The extract (JSON Lines)."),
    signature: Path = typer.Argument(..., exists=True, dir_okay=False, help="Its detached signature."),
    public_key: Path | None = typer.Option(
        None,
        "--public-key",
        exists=True,
        dir_okay=False,
        help="The signer's public key (PEM); this node's by default.",
    ),
) -> None:
    """Check a signed extract of the processing log: signature, signing key and entry count."""
    setup_django()
    from polnet.core.signing import load_public
    from polnet.dataprotection.console.extract import verify

    try:
        key = load_public(public_key.read_bytes()) if public_key else None
    except ValueError as exc:
        typer.echo(f"The public key cannot be read: {exc}", err=True)
        raise typer.Exit(2) from exc
    verdict = verify(file.read_bytes(), signature.read_bytes(), key)
    if not verdict.ok:
        typer.echo(f"Extract NOT verified: {verdict.reason}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Extract verified: {verdict.count} entries, signed by key {verdict.key_id}.")


@records_app.command("expire")
def records_expire() -> None:
    """Mark records past their review date as expired."""
    setup_django()
    from polnet.core.actor import system_actor
    from polnet.records.services import expire_overdue

    for kind, n in expire_overdue(system_actor()).items():
        typer.echo(f"{kind}: {n} expired")


@app.command()
def housekeeping() -> None:
    """Do all retention work due today at once: warn owners of review dates within the notice
    period, hide what reached its review date, delete what passed it by more than the grace.
    `polnet serve` and `polnet worker` do the same on their schedule; schedule this command
    (cron, a systemd timer) where no worker runs."""
    setup_django()
    from django.conf import settings
    from django.utils import timezone
    from rich.console import Console
    from rich.table import Table

    from polnet.core.actor import system_actor
    from polnet.dataprotection import retention
    from polnet.notices import workflow
    from polnet.records import services as record_services

    console, actor, today = Console(), system_actor("cli"), timezone.localdate()
    with console.status("Warning owners of review dates to come…"):
        warned = retention.warn(actor, today)
    console.print(f"Warned {warned.bureaus} bureaus: {warned.records} records, {warned.notices} notices.")
    with console.status("Hiding records and notices past their review date…"):
        records = record_services.expire_overdue(actor, today)
        notices = workflow.expire_overdue(actor, today)
    console.print(f"Expired {sum(records.values())} records and {notices['expired']} notices.")
    with console.status("Deleting what passed its review date by more than the grace…"):
        purged = retention.purge(actor, today)
    table = Table(title=f"Deleted (review date more than {settings.POLNET_RETENTION_GRACE_DAYS} days ago)")
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, n in purged.purged_records.items():
        table.add_row(kind, str(n))
    table.add_row("notice", str(purged.purged_notices))
    for name, n in sorted(purged.derived.items()):
        table.add_row(f"derived: {name}", str(n))
    console.print(table)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (e.g. `polnet manage check`)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["polnet manage", *ctx.args])


def main() -> None:
    app(prog_name="polnet")


if __name__ == "__main__":
    main()
