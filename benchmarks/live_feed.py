"""The live feed beside a check load: do 200 open bureau pages stop `polnet serve` from answering?

    .venv/bin/python benchmarks/live_feed.py                 # SQLite in a fresh folder, ~3 minutes
    .venv/bin/python benchmarks/live_feed.py --database-url postgresql://postgres@127.0.0.1/polnet_live

It seeds a small network, starts the real `polnet serve` (granian, 2 workers) as a subprocess,
and for each server design runs a fixed-time load of document checks through the API (a
machine token of a border unit, a few connections kept alive), first with no page open, then
with 200 event streams open as signed-in bureau officers of four bureaus. While the checks run
it writes notifications to one bureau and times how long its open pages take to hear of them.
The designs: ASGI (the streams wait in the event loop; `polnet serve` today) and WSGI with 4
threads per worker (each open stream holds a thread; how `polnet serve` ran before).

Progress goes to stderr, the table to stdout. Nothing here asserts a timing; the figures of a
run on the reference machine are in docs/live.md. The HTTP clients are a few lines of asyncio
(no client library is needed): keep-alive requests for the checks, and a reader of
`text/event-stream` that reconnects with Last-Event-ID as a browser does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
BUREAUS = 4
STREAM_PATH = "/api/notifications/stream"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---- the steps that need Django (run as a subprocess against the benchmark's data folder) ----------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polnet.settings")
    import django

    django.setup()


def step_prepare(streams: int) -> dict[str, Any]:
    """Officers of four bureaus with signed-in sessions (second factor passed), a border unit's
    token, document numbers to check (some of them on the records, hence hits), and a hit of the
    notified bureau that its notifications can name."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from polnet.core.actor import Role, system_actor
    from polnet.network.actors import actor_for
    from polnet.network.models import Bureau
    from polnet.network.services import add_totp_device, create_unit, create_user, issue_token
    from polnet.records.models import TravelDocument
    from polnet.screening.models import Hit

    bureaus = list(Bureau.objects.order_by("country_id")[:BUREAUS])
    border, watched = bureaus[0], bureaus[1:]
    admin = actor_for(
        create_user(
            system_actor("bench"), username="live-admin", password=None, role=Role.BUREAU_ADMIN, bureau=border
        ),
        origin="bench",
    )
    unit = create_unit(
        admin,
        border,
        name="Live bench border",
        kind="border_crossing",
        databases=["document"],
        result_level="full",
    )
    machine = create_user(
        admin, username="live-border", password=None, role=Role.UNIT_OFFICER, unit=unit, is_machine=True
    )
    _, token = issue_token(
        admin, machine, name="live bench", scopes=["screening"], days=1, default_purpose="border_management"
    )
    sessions: list[list[Any]] = []
    officers = {}
    for bureau in bureaus:
        boss = create_user(
            system_actor("bench"),
            username=f"live-admin-{bureau.country_id.lower()}",
            password=None,
            role=Role.BUREAU_ADMIN,
            bureau=bureau,
        )
        officer = create_user(
            actor_for(boss, origin="bench"),
            username=f"live-{bureau.country_id.lower()}",
            password=None,
            role=Role.BUREAU_OFFICER,
            bureau=bureau,
        )
        officers[bureau.pk] = officer
        device = add_totp_device(officer)
        device.confirmed = True
        device.save()
        for _ in range(streams // BUREAUS):
            store = SessionStore()
            store[SESSION_KEY] = str(officer.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = officer.get_session_auth_hash()
            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
            store.set_expiry(6 * 3600)
            store.create()
            sessions.append([bureau.pk, store.session_key])
    # Hits on the watched bureaus' records: the checks that find them wake those bureaus' pages.
    on_record = list(
        TravelDocument.objects.filter(owner_country_id__in=[b.country_id for b in watched]).values_list(
            "number", "issuing_country_id"
        )[:300]
    )
    notified = watched[0]
    hit = Hit.objects.create(
        kind="document",
        record_id=1,
        owner_country_id=notified.country_id,
        score=1.0,
        screened_by=machine,
        unit=unit,
        screening_country_id=border.country_id,
    )
    return {
        "token": token,
        "sessions": sessions,
        "on_record": on_record,
        "notified_bureau": notified.pk,
        "hit": hit.pk,
        "country": border.country_id,
    }


def step_seed(documents: str) -> dict[str, Any]:
    """`polnet seed`'s network and documents (the same generator), nothing else."""
    from polnet.records import bulk
    from polnet.records.seeding import SeedSizes, seed_network

    fill = bulk.BulkInserter._defaults

    def defaults(self: Any) -> dict[str, Any]:
        # A text field left blank holds "", whether or not the model names a default.
        out = fill(self)
        for f in self.fields:
            if f.attname not in out and f.blank and f.empty_strings_allowed:
                out[f.attname] = ""
        return out

    bulk.BulkInserter._defaults = defaults  # type: ignore[method-assign]
    return seed_network(SeedSizes(0, int(documents), 0, 0, 0, BUREAUS + 2), seed=1)


def write_notification(database_url: str | None, folder: Path, bureau_id: int, hit_id: int) -> dict[str, Any]:
    """One notification to a bureau, as `notifications.services.notify` writes it (one committed
    INSERT), straight into the database: a Django process started for it would take the server's
    CPU. Returns its id and the wall-clock time of its commit."""
    now = datetime.now(UTC)
    values: tuple[Any, ...] = (bureau_id, "hit_new", "hit", hit_id, "{}", True, now)
    sql = (
        "INSERT INTO notifications_notification (recipient_bureau_id, kind, subject, subject_id, "
        "params, urgent, created_at) VALUES ({0}, {0}, {0}, {0}, {0}, {0}, {0})"
    )
    if database_url:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            row = conn.execute(sql.format("%s") + " RETURNING id", values).fetchone()
            return {"id": row[0] if row else 0, "at": time.time()}
    values = (*values[:-1], now.replace(tzinfo=None).isoformat(" "))  # as Django stores it in SQLite
    with sqlite3.connect(folder / "polnet.sqlite3", timeout=30) as conn:
        cursor = conn.execute(sql.format("?"), values)
    return {"id": cursor.lastrowid, "at": time.time()}


# ---- the site --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Site:
    def __init__(self, folder: Path, database_url: str | None) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "POLNET_DATA_DIR": str(folder),
            "POLNET_ENV": "production",
            "POLNET_SECRET_KEY": secrets.token_urlsafe(50),
            "POLNET_ALLOWED_HOSTS": HOST,
            "POLNET_LOG_LEVEL": "ERROR",
            "PYTHONPATH": os.pathsep.join([str(HERE.parents[1] / "src"), os.environ.get("PYTHONPATH", "")]),
        }
        self.env.pop("DATABASE_URL", None)
        self.database_url = database_url
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.server: subprocess.Popen[bytes] | None = None
        self.port = 0

    def run(self, *args: str) -> str:
        with open(self.folder / "setup.log", "ab") as out:
            done = subprocess.run(args, env=self.env, stdout=subprocess.PIPE, stderr=out, check=True)
        return done.stdout.decode()

    def step(self, *args: str) -> dict[str, Any]:
        return dict(json.loads(self.run(sys.executable, str(HERE), "--step", *args).strip().splitlines()[-1]))

    def start(self, interface: str) -> None:
        self.port = _free_port()
        env = {**self.env, "POLNET_INTERFACE": interface, "POLNET_THREADS": "4"}
        with open(self.folder / "server.log", "ab") as out:
            self.server = subprocess.Popen(
                [
                    str(BIN / "polnet"),
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(self.port),
                    "--workers",
                    "2",
                    "--job-workers",
                    "0",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"polnet serve exited; see {self.folder / 'server.log'}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/login/", timeout=10) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise TimeoutError("polnet serve did not answer in time")

    def stop(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(10)


# ---- a minimal HTTP/1.1 client ------------------------------------------------------------------------


async def _head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status = int((await reader.readline()).split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


async def _chunks(reader: asyncio.StreamReader) -> Any:
    while True:
        size = int((await reader.readline()).strip() or b"0", 16)
        if size == 0:
            await reader.readline()
            return
        yield await reader.readexactly(size)
        await reader.readline()


async def _body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return b"".join([c async for c in _chunks(reader)])


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    failures: int = 0  # an error status, a timeout, or a refused connection


async def checker(
    port: int, token: str, numbers: list[tuple[str, str]], until: float, load: Load, timeout: float
) -> None:
    """One kept-alive connection sending document checks until the time is up."""
    rng = random.Random(id(load) ^ port)
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.monotonic() < until:
        number, country = rng.choice(numbers)
        body = json.dumps({"number": number, "country": country, "location": "bench"}).encode()
        request = (
            f"POST /api/screening/document HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        started = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
            reader, writer = conn
            writer.write(request)
            status, headers = await asyncio.wait_for(_head(reader), timeout)
            await asyncio.wait_for(_body(reader, headers), timeout)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            load.failures += 1
            if conn is not None:
                conn[1].close()
            conn = None
            continue
        if status == 200:
            load.latencies.append(time.perf_counter() - started)
        else:
            load.failures += 1
    if conn is not None:
        conn[1].close()


@dataclass
class Streams:
    connected: set[int] = field(default_factory=set)
    received: dict[int, dict[int, float]] = field(default_factory=dict)  # notification id -> stream -> when
    events: int = 0
    refused: int = 0


async def stream_reader(port: int, index: int, session: str, streams: Streams, stop: asyncio.Event) -> None:
    """One open page: reads the event stream, reconnecting with Last-Event-ID like EventSource."""
    last = ""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            streams.refused += 1
            await asyncio.sleep(2)
            continue
        extra = f"Last-Event-ID: {last}\r\n" if last else ""
        writer.write(
            (
                f"GET {STREAM_PATH} HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/event-stream\r\n"
                f"Cookie: sessionid={session}\r\n{extra}\r\n"
            ).encode()
        )
        try:
            status, headers = await _head(reader)
            if status != 200:
                streams.refused += 1
                await _body(reader, headers)
                await asyncio.sleep(2)
                continue
            streams.connected.add(index)
            buffer = b""
            async for chunk in _chunks(reader):
                buffer += chunk
                while b"\n\n" in buffer:
                    message, buffer = buffer.split(b"\n\n", 1)
                    fields = dict(
                        line.split(": ", 1) for line in message.decode().splitlines() if ": " in line
                    )
                    if "id" in fields:
                        last = fields["id"]
                    if fields.get("event") == "notification":
                        streams.events += 1
                        seen = json.loads(fields["data"])["id"]
                        streams.received.setdefault(seen, {})[index] = time.time()
                if stop.is_set():
                    break
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            pass
        finally:
            writer.close()


async def readers_main(port: int, sessions: list[str]) -> None:
    """The open pages (`--readers PORT SESSION...`): prints how many opened, reads until told
    to stop on stdin, then prints what each heard, as JSON."""
    streams, stop = Streams(), asyncio.Event()
    tasks = [
        asyncio.create_task(stream_reader(port, i, key, streams, stop)) for i, key in enumerate(sessions)
    ]
    until = time.monotonic() + 20
    while len(streams.connected) < len(tasks) and time.monotonic() < until:
        await asyncio.sleep(0.2)
    print(len(streams.connected), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps({"connected": sorted(streams.connected), "received": streams.received}), flush=True)


# ---- one scenario ----------------------------------------------------------------------------------------


@dataclass
class Figures:
    design: str
    streams_wanted: int
    streams_open: int
    checks_per_s: float
    p50_ms: float
    p99_ms: float
    failures: int
    delivery_p50_s: float | None = None
    delivery_max_s: float | None = None
    delivered: str = ""


async def scenario(
    site: Site,
    design: str,
    data: dict[str, Any],
    streams_wanted: int,
    seconds: float,
    connections: int,
    notices: int,
) -> Figures:
    numbers = [tuple(n) for n in data["on_record"]] * 1  # on the records: hits
    misses = [(f"X{random.randrange(10**8):08d}", data["country"]) for _ in range(len(numbers) * 19)]
    pool = numbers + misses  # one check in twenty hits
    sessions = data["sessions"][:streams_wanted]
    readers = None
    if sessions:  # the open pages live in a process of their own: their events cost this one nothing
        readers = await asyncio.create_subprocess_exec(
            sys.executable,
            str(HERE),
            "--readers",
            str(site.port),
            *[key for _, key in sessions],
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert readers.stdout is not None
        log(f"{design}: {(await readers.stdout.readline()).decode().strip()} of {len(sessions)} streams open")
    warm = Load()  # the first checks load the index and open connections: not counted
    await asyncio.gather(
        *[
            checker(site.port, data["token"], pool, time.monotonic() + 2, warm, 10.0)
            for _ in range(connections)
        ]
    )
    load = Load()
    started = time.monotonic()
    until = started + seconds
    checkers = [
        asyncio.create_task(checker(site.port, data["token"], pool, until, load, timeout=10.0))
        for _ in range(connections)
    ]
    sent: list[dict[str, Any]] = []
    watched = {i for i, (bureau, _) in enumerate(sessions) if bureau == data["notified_bureau"]}

    async def notifier() -> None:
        for k in range(notices if sessions else 0):
            await asyncio.sleep(seconds / (notices + 1))
            note = await asyncio.to_thread(
                write_notification, site.database_url, site.folder, data["notified_bureau"], data["hit"]
            )
            sent.append(note)
            log(f"{design}: notification {note['id']} written ({k + 1}/{notices})")

    notifying = asyncio.create_task(notifier())
    await asyncio.gather(*checkers)
    elapsed = time.monotonic() - started
    await notifying
    streams = Streams()
    if readers is not None:
        await asyncio.sleep(2.5)  # the last notification's deliveries
        out, _ = await readers.communicate(b"stop\n")
        heard = json.loads(out.decode().strip().splitlines()[-1])
        streams.connected = set(heard["connected"])
        streams.received = {int(k): {int(i): t for i, t in v.items()} for k, v in heard["received"].items()}
    lat = sorted(load.latencies)
    figures = Figures(
        design=design,
        streams_wanted=streams_wanted,
        streams_open=len(streams.connected),
        checks_per_s=len(lat) / elapsed,
        p50_ms=1000 * lat[len(lat) // 2] if lat else float("nan"),
        p99_ms=1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("nan"),
        failures=load.failures,
    )
    if sent:
        delays = [
            when - note["at"]
            for note in sent
            for index, when in streams.received.get(note["id"], {}).items()
            if index in watched
        ]
        expected = len(sent) * len(watched)
        figures.delivered = f"{len(delays)}/{expected}"
        if delays:
            figures.delivery_p50_s = statistics.median(delays)
            figures.delivery_max_s = max(delays)
    return figures


def _row(f: Figures) -> str:
    delivery = (
        f"{f.delivery_p50_s:.2f} / {f.delivery_max_s:.2f} s ({f.delivered})"
        if f.delivery_p50_s is not None
        else (f"none ({f.delivered})" if f.delivered else "")
    )
    return (
        f"| {f.design} | {f.streams_open}/{f.streams_wanted} | {f.checks_per_s:.0f} | {f.p50_ms:.0f} | "
        f"{f.p99_ms:.0f} | {f.failures} | {delivery} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each check load")
    parser.add_argument("--connections", type=int, default=8, help="concurrent check connections")
    parser.add_argument("--notifications", type=int, default=3, help="notifications written per run")
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database instead of SQLite")
    parser.add_argument("--designs", default="asgi,wsgi", help="which servers to run, in order")
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--readers", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.readers:
        asyncio.run(readers_main(int(args.readers[0]), args.readers[1:]))
        return
    if args.step:
        _django()
        name, *rest = args.step
        steps = {"seed": step_seed, "prepare": lambda n: step_prepare(int(n))}
        result = steps[name](*rest)
        print(json.dumps(result))
        return
    folder = Path(tempfile.mkdtemp(prefix="polnet-live-"))
    site = Site(folder, args.database_url)
    log(f"seeding {args.documents} documents in {folder} ({'PostgreSQL' if args.database_url else 'SQLite'})")
    site.run(str(BIN / "polnet"), "migrate")
    site.step("seed", str(args.documents))
    data = site.step("prepare", str(args.streams))
    names = {"asgi": "ASGI (polnet serve)", "wsgi": "WSGI, 4 threads (before)"}
    results = []
    try:
        for design in args.designs.split(","):
            for streams in (0, args.streams):
                site.start(design)
                log(f"{names[design]} with {streams} streams")
                results.append(
                    asyncio.run(
                        scenario(
                            site,
                            names[design],
                            data,
                            streams,
                            args.seconds,
                            args.connections,
                            args.notifications,
                        )
                    )
                )
                site.stop()
                log(_row(results[-1]))
    finally:
        site.stop()
    print(
        f"\n{args.connections} connections of document checks for {args.seconds:.0f} s, 2 server workers, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}, load {os.getloadavg()[0]:.1f}\n"
    )
    print(
        "| server | streams open | checks/s | p50 ms | p99 ms | failed checks "
        "| notification reached pages (p50 / max) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for f in results:
        print(_row(f))


if __name__ == "__main__":
    main()
