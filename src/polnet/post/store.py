"""The post's folder: trust, the applied version, the engine indexes, and the hit queue.

`post.sqlite3` holds the trusted key, the state of the last package applied, each record's
owner and asked action (and, for a full unit, each notice's reference and kind), and the hits
not yet acknowledged by the server. The indexes are the engine's own saved files
(`Engines.save`, and `notice.idx` for the subjects of notices), replaced only after a package
applied completely. A delta does not write them again (at 10 M documents that is most of its
cost): its verified file joins a journal (`journal/`, listed in `post.sqlite3` in the same
commit as the state), replayed over the saved indexes when they are read; every
`JOURNAL_MAX` deltas the indexes are saved whole and the journal emptied.

A package's place in the bureau's history is a pair: the records' change feed (`version`) and
the notices' (`notice_version`), each with the base a delta starts from. A delta without a
notices' base carries every notice subject the unit may screen, and replaces the post's.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from polnet.post.i18n import N_, Refusal, Text
from polnet.post.package import Package, PackageRefused, fingerprint, open_package
from polnet.post.rows import DECODE
from polnet.screening.engine.engines import KINDS, Engines
from polnet.screening.engine.person.index import PersonIndex

_SCHEMA = """
create table if not exists trust (id integer primary key check (id = 1), public_key blob not null,
    unit integer not null, bureau text not null, post_id text not null, server text not null default '');
create table if not exists state (id integer primary key check (id = 1), manifest text not null);
create table if not exists journal (seq integer primary key, file text not null);
create table if not exists details (kind text not null, record_id integer not null, owner text not null,
    action text not null, primary key (kind, record_id));
create table if not exists notice_info (notice_id integer primary key, reference text not null,
    kind text not null, channel text not null);
create table if not exists hits (id text primary key, at text not null, kind text not null,
    record_id integer not null, score real not null, query text not null, location text not null,
    uploaded integer not null default 0, server_hit integer);
"""


NOTICE = "notice"  # the kind of a notice's subject, in a package and in the hit queue
NOTICE_INDEX = "notice.idx"


AT = N_("version %(version)s")
AT_NOTICES = N_("version %(version)s, notices %(notices)s")


def _at(m: dict[str, Any], *, base: bool = False) -> Text:
    """A package's place in words: its records' version, and its notices' when it has one."""
    records = m["base_version"] if base else m["version"]
    notices = m.get("notice_base_version" if base else "notice_version")
    if notices is None:
        return Text(AT, {"version": records})
    return Text(AT_NOTICES, {"version": records, "notices": notices})


def _older(m: dict[str, Any], current: dict[str, Any]) -> bool:
    n, have = m.get("notice_version"), current.get("notice_version")
    return m["version"] < current["version"] or (n is not None and have is not None and n < have)


JOURNAL_MAX = 16  # deltas replayed over the saved indexes before they are saved whole again


def _built(
    rows: dict[str, list[Any]],
    engines: Engines | None,
    notices: PersonIndex | None,
    *,
    full: bool,
    notices_whole: bool,
) -> PersonIndex | None:
    """A full package's indexes built from its rows (into `engines`), and the notices' index
    when the package carries them whole; returns the notices' index."""
    if full and engines is not None:
        fresh = Engines.build(lambda kind: rows[kind])
        for kind in KINDS:
            setattr(engines, kind, getattr(fresh, kind))
    if notices_whole and rows[NOTICE] and notices is not None:
        return PersonIndex.build(rows[NOTICE])
    return notices


class PostError(Refusal):
    """Something the post's operator must do first (init, a full package …)."""


class Post:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        # The local page serves from its own threads, one request at a time (`web.App` locks).
        self.db = sqlite3.connect(folder / "post.sqlite3", isolation_level=None, check_same_thread=False)
        self.db.executescript(_SCHEMA)
        self._engines: Engines | None = None
        self._notices: PersonIndex | None = None
        self._indexes_of: str | None = None  # the digest of the package they hold

    # ---- trust ----------------------------------------------------------------------------

    def init(
        self, public_key: bytes, expected_fingerprint: str, *, unit: int, bureau: str, server: str = ""
    ) -> None:
        """Trust this bureau key for this unit, if its fingerprint is the one given out of band."""
        if fingerprint(public_key) != expected_fingerprint.strip().lower().replace(":", ""):
            raise PostError(
                "fingerprint_mismatch",
                "The key's fingerprint is not the one your bureau gave you: do not trust it. Ask your "
                "bureau by another channel.",
            )
        try:
            Ed25519PublicKey.from_public_bytes(public_key)
        except ValueError:
            raise PostError(
                "public_key_invalid", "This is not a bureau public key: copy it again from your bureau."
            ) from None
        self.db.execute(
            "insert or replace into trust values (1, ?, ?, ?, coalesce((select post_id from trust), ?), ?)",
            (public_key, unit, bureau.upper(), uuid.uuid4().hex, server),
        )

    def trust(self) -> tuple[Ed25519PublicKey, int, str, str, str]:
        row = self.db.execute("select public_key, unit, bureau, post_id, server from trust").fetchone()
        if row is None:
            raise PostError(
                "not_initialised", "This post trusts no bureau key yet: run `polnet post init` first."
            )
        return Ed25519PublicKey.from_public_bytes(row[0]), int(row[1]), row[2], row[3], row[4]

    def manifest(self) -> dict[str, Any] | None:
        row = self.db.execute("select manifest from state").fetchone()
        return json.loads(row[0]) if row else None

    # ---- packages -------------------------------------------------------------------------

    def apply(self, data: bytes) -> dict[str, Any]:
        """Verify a package and apply it: a full one replaces everything, a delta follows on."""
        key, unit, bureau, _, _ = self.trust()
        package = open_package(data, key)
        m = package.manifest
        if m["unit"] != unit or m["bureau"] != bureau:
            raise PackageRefused(
                "wrong_unit",
                "This package is for unit %(unit)s of %(bureau)s, not for this post's unit %(own_unit)s "
                "of %(own_bureau)s. Ask your bureau for this unit's package.",
                unit=m["unit"],
                bureau=m["bureau"],
                own_unit=unit,
                own_bureau=bureau,
            )
        current = self.manifest()
        base = m.get("base_version")
        if base is not None:
            self._check_chain(m, current)
        elif current is not None and _older(m, current):
            raise PackageRefused(
                "older",
                "This full package (%(at)s) is older than the one applied (%(held)s): it is refused. "
                "Ask your bureau for a current package.",
                at=_at(m),
                held=_at(current),
            )
        full = base is None
        # A delta without a notices' base carries all of the unit's notice subjects.
        whole = full or (m.get("notice_version") is not None and m.get("notice_base_version") is None)
        journal = [] if full else self._journal()
        compact = not full and len(journal) >= JOURNAL_MAX
        self._forget_stale()
        engines: Engines | None = None  # a delta joins the journal: indexes read only if held
        notices: PersonIndex | None = None
        if full:
            engines, notices = Engines.empty(), PersonIndex()
        elif compact or self._engines is not None:
            engines = self.engines()
            notices = PersonIndex() if whole else self.notices()
        try:
            notices = self._apply_lines(package, engines, notices, full=full, notices_whole=whole)
            if not (full or compact):
                self._journal_add(data, len(journal), m)
                self._engines, self._notices, self._indexes_of = engines, notices, m["payload_sha256"]
                return m
        except Exception:
            # Nothing half-applied: the details roll back, the indexes are read again from disk.
            self.db.execute("rollback")
            self._engines = self._notices = self._indexes_of = None
            raise
        assert engines is not None and notices is not None
        self._save_whole(engines, notices, m)
        return m

    def _journal(self) -> list[str]:
        return [f for (f,) in self.db.execute("select file from journal order by seq")]

    def _journal_add(self, data: bytes, seq: int, m: dict[str, Any]) -> None:
        """The delta's file (on disk before the commit that lists it) and the state, in one commit."""
        folder = self.folder / "journal"
        folder.mkdir(exist_ok=True)
        name = f"{m['payload_sha256']}.pkg"
        with (folder / name).open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        self.db.execute("insert into journal values (?, ?)", (seq, name))
        self.db.execute("insert or replace into state values (1, ?)", (json.dumps(m),))
        self.db.execute("commit")

    def _save_whole(self, engines: Engines, notices: PersonIndex, m: dict[str, Any]) -> None:
        tmp = self.folder / "indexes.new"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        engines.save(tmp)
        notices.save(tmp / NOTICE_INDEX)
        old = self.folder / "indexes.old"
        shutil.rmtree(old, ignore_errors=True)
        live = self.folder / "indexes"
        if live.exists():
            live.rename(old)
        tmp.rename(live)
        shutil.rmtree(old, ignore_errors=True)
        self.db.execute("delete from journal")
        self.db.execute("insert or replace into state values (1, ?)", (json.dumps(m),))
        self.db.execute("commit")
        shutil.rmtree(self.folder / "journal", ignore_errors=True)
        self._engines, self._notices, self._indexes_of = engines, notices, m["payload_sha256"]

    def _check_chain(self, m: dict[str, Any], current: dict[str, Any] | None) -> None:
        if current is None:
            raise PackageRefused(
                "no_base", "This is a delta, and this post holds no package yet: apply a full package first."
            )
        if m["scope"] != current["scope"]:
            raise PackageRefused(
                "scope_changed",
                "The unit's access changed since the package this post holds: "
                "ask your bureau for a full package.",
            )
        # Each feed on its own: the records' always, the notices' when the delta continues it.
        have, have_n = current["version"], current.get("notice_version")
        base, base_n = m["base_version"], m.get("notice_base_version")
        version, version_n = m["version"], m.get("notice_version")
        held, start = _at(current), _at(m, base=True)
        if version <= have and (version_n is None or (have_n is not None and version_n <= have_n)):
            raise PackageRefused(
                "replayed",
                "This delta (%(at)s) is already applied or older than the one this post holds "
                "(%(held)s): nothing was changed.",
                at=_at(m),
                held=held,
            )
        if base > have or (base_n is not None and (have_n is None or base_n > have_n)):
            raise PackageRefused(
                "gap",
                "This delta follows %(start)s, but this post holds %(held)s: a delta is missing. "
                "Apply the deltas in order, or a full package.",
                start=start,
                held=held,
            )
        if base < have or (base_n is not None and have_n is not None and base_n < have_n):
            raise PackageRefused(
                "reordered",
                "This delta starts from %(start)s, older than what this post holds (%(held)s): it is "
                "out of order. Ask your bureau for a delta since %(held)s.",
                start=start,
                held=held,
            )

    def _apply_lines(
        self,
        package: Package,
        engines: Engines | None,
        notices: PersonIndex | None,
        *,
        full: bool,
        notices_whole: bool,
    ) -> PersonIndex | None:
        """The package's lines into the details and, when given, the indexes (a delta whose
        indexes are not read is checked line by line and replayed from the journal later);
        returns the notices' index."""
        self.db.execute("begin")
        if full:
            self.db.execute("delete from details")
        if notices_whole:
            self.db.execute("delete from details where kind = 'notice'")
            self.db.execute("delete from notice_info")
        rows: dict[str, list[Any]] = {kind: [] for kind in (*KINDS, NOTICE)}
        details, labels = [], []
        for line in package.lines():
            kind = line["k"]
            engine = None
            if engines is not None and notices is not None:
                engine = notices if kind == NOTICE else engines.of(kind)
            if "d" in line:
                rid = int(line["d"])
                if engine is not None:
                    engine.remove(rid)
                self.db.execute("delete from details where kind = ? and record_id = ?", (kind, rid))
                if kind == NOTICE:
                    self.db.execute("delete from notice_info where notice_id = ?", (rid,))
                continue
            row = DECODE[kind](line["r"])
            if notices_whole if kind == NOTICE else full:
                rows[kind].append(row)
            elif engine is not None:
                engine.update(row)
            if kind == NOTICE and "n" in line:  # a full unit's: what the online answer names
                labels.append((row.record_id, *line["n"]))
            details.append(
                (
                    kind,
                    row[0] if isinstance(row, tuple) else row.record_id,
                    line.get("o", ""),
                    line.get("a", ""),
                )
            )
        notices = _built(rows, engines, notices, full=full, notices_whole=notices_whole)
        self.db.executemany("insert or replace into details values (?, ?, ?, ?)", details)
        self.db.executemany("insert or replace into notice_info values (?, ?, ?, ?)", labels)
        return notices

    def _index_lines(
        self, package: Package, engines: Engines, notices: PersonIndex, *, notices_whole: bool
    ) -> PersonIndex:
        """A delta's lines into the indexes only: its details are stored since it was applied."""
        whole: list[Any] = []
        for line in package.lines():
            kind = line["k"]
            engine = notices if kind == NOTICE else engines.of(kind)
            if "d" in line:
                engine.remove(int(line["d"]))
                continue
            row = DECODE[kind](line["r"])
            whole.append(row) if kind == NOTICE and notices_whole else engine.update(row)
        return PersonIndex.build(whole) if notices_whole and whole else notices

    def _replay(self, engines: Engines, notices: PersonIndex) -> PersonIndex:
        """The journal's deltas over the saved indexes, in order, each verified again."""
        key = self.trust()[0]
        for name in self._journal():
            package = open_package((self.folder / "journal" / name).read_bytes(), key)
            m = package.manifest
            whole = m.get("notice_version") is not None and m.get("notice_base_version") is None
            notices = self._index_lines(package, engines, notices, notices_whole=whole)
        return notices

    def _forget_stale(self) -> None:
        """Drop the indexes read when another process applied a newer package since (the command
        line beside a running page): they are read again from disk."""
        held = (self.manifest() or {}).get("payload_sha256")
        if self._indexes_of != held:
            self._engines = self._notices = None
            self._indexes_of = held

    def engines(self) -> Engines:
        """The indexes of the package applied."""
        self._forget_stale()
        if self._engines is None:
            if not (self.folder / "indexes").exists():
                raise PostError(
                    "no_package", "This post holds no package yet: apply your bureau's full package."
                )
            try:
                engines = Engines.load(self.folder / "indexes")
                path = self.folder / "indexes" / NOTICE_INDEX
                notices = PersonIndex.load(path) if path.exists() else PersonIndex()
            except ValueError as exc:  # written by another version of the engine (or damaged)
                raise PostError(
                    "indexes_outdated",
                    "This post's indexes were written by another version of polnet: "
                    "apply your bureau's full package again.",
                ) from exc
            self._notices = self._replay(engines, notices)
            self._engines = engines
        return self._engines

    def notices(self) -> PersonIndex:
        """The index of the notices' subjects (empty for a package without them)."""
        self._forget_stale()
        if self._notices is None:
            if not (self.folder / "indexes").exists():
                return PersonIndex()
            self._engines = None
            self.engines()  # the notices' index is read, and the journal replayed, with the others
        assert self._notices is not None
        return self._notices

    def notice_label(self, notice_id: int) -> dict[str, str] | None:
        """A notice's reference, kind and channel, as a full unit's online answer names them."""
        row = self.db.execute(
            "select reference, kind, channel from notice_info where notice_id = ?", (notice_id,)
        ).fetchone()
        return {"reference": row[0], "kind": row[1], "channel": row[2]} if row else None

    def detail(self, kind: str, record_id: int) -> tuple[str, str]:
        row = self.db.execute(
            "select owner, action from details where kind = ? and record_id = ?", (kind, record_id)
        ).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def expired(self, now: datetime | None = None) -> bool:
        m = self.manifest()
        return m is not None and datetime.fromisoformat(m["expires_at"]) <= (now or datetime.now(UTC))

    # ---- the hit queue --------------------------------------------------------------------

    def queue_hit(self, kind: str, record_id: int, score: float, query: dict[str, Any], location: str) -> str:
        hit_id = uuid.uuid4().hex
        self.db.execute(
            "insert into hits (id, at, kind, record_id, score, query, location) values (?, ?, ?, ?, ?, ?, ?)",
            (hit_id, datetime.now(UTC).isoformat(), kind, record_id, score, json.dumps(query), location),
        )
        return hit_id

    def pending_hits(self) -> list[dict[str, Any]]:
        cols = ("id", "at", "kind", "record_id", "score", "query", "location")
        rows = self.db.execute(
            "select id, at, kind, record_id, score, query, location from hits where uploaded = 0 order by at"
        ).fetchall()
        return [{**dict(zip(cols, r, strict=True)), "query": json.loads(r[5])} for r in rows]

    def hits(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest hits, queued or uploaded, newest first: what the post's page lists."""
        rows = self.db.execute(
            "select id, at, kind, location, uploaded from hits order by at desc limit ?", (limit,)
        ).fetchall()
        return [
            {"id": r[0], "at": r[1], "kind": r[2], "location": r[3], "uploaded": bool(r[4])} for r in rows
        ]

    def queued(self) -> int:
        return int(self.db.execute("select count(*) from hits where uploaded = 0").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Records held now, per kind (a delta's manifest counts only what it changed)."""
        rows = self.db.execute("select kind, count(*) from details group by kind order by kind").fetchall()
        return {kind: int(n) for kind, n in rows}

    def acknowledged(self, hit_id: str, server_hit: int | None) -> None:
        self.db.execute("update hits set uploaded = 1, server_hit = ? where id = ?", (server_hit, hit_id))
