"""The post's folder: trust, the applied version, the engine indexes, and the hit queue.

`post.sqlite3` holds the trusted key, the state of the last package applied, each record's
owner and asked action, and the hits not yet acknowledged by the server. The indexes are the
engine's own saved files (`Engines.save`), replaced only after a package applied completely.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from polnet.post.i18n import Refusal
from polnet.post.package import Package, PackageRefused, fingerprint, open_package
from polnet.post.rows import DECODE
from polnet.screening.engine.engines import KINDS, Engines

_SCHEMA = """
create table if not exists trust (id integer primary key check (id = 1), public_key blob not null,
    unit integer not null, bureau text not null, post_id text not null, server text not null default '');
create table if not exists state (id integer primary key check (id = 1), manifest text not null);
create table if not exists details (kind text not null, record_id integer not null, owner text not null,
    action text not null, primary key (kind, record_id));
create table if not exists hits (id text primary key, at text not null, kind text not null,
    record_id integer not null, score real not null, query text not null, location text not null,
    uploaded integer not null default 0, server_hit integer);
"""


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
        self._engines_of: str | None = None  # the digest of the package they hold

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
        elif current is not None and m["version"] < current["version"]:
            raise PackageRefused(
                "older",
                "This full package (version %(version)s) is older than the one applied "
                "(%(have)s): it is refused. Ask your bureau for a current package.",
                version=m["version"],
                have=current["version"],
            )
        engines = Engines.empty() if base is None else self.engines()
        try:
            self._apply_lines(package, engines, full=base is None)
        except Exception:
            # Nothing half-applied: the details roll back, the indexes are read again from disk.
            self.db.execute("rollback")
            self._engines = None
            raise
        tmp = self.folder / "indexes.new"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        engines.save(tmp)
        old = self.folder / "indexes.old"
        shutil.rmtree(old, ignore_errors=True)
        live = self.folder / "indexes"
        if live.exists():
            live.rename(old)
        tmp.rename(live)
        shutil.rmtree(old, ignore_errors=True)
        self.db.execute("insert or replace into state values (1, ?)", (json.dumps(m),))
        self.db.execute("commit")
        self._engines, self._engines_of = engines, m["payload_sha256"]
        return m

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
        have, base, version = current["version"], m["base_version"], m["version"]
        if version <= have:
            raise PackageRefused(
                "replayed",
                "This delta (version %(version)s) is already applied or older than the one this post "
                "holds (%(have)s): nothing was changed.",
                version=version,
                have=have,
            )
        if base > have:
            raise PackageRefused(
                "gap",
                "This delta follows version %(base)s, but this post holds version %(have)s: a delta is "
                "missing. Apply the deltas in order, or a full package.",
                base=base,
                have=have,
            )
        if base < have:
            raise PackageRefused(
                "reordered",
                "This delta starts from version %(base)s, older than the %(have)s this post holds: it is "
                "out of order. Ask your bureau for a delta since version %(have)s.",
                base=base,
                have=have,
            )

    def _apply_lines(self, package: Package, engines: Engines, *, full: bool) -> None:
        self.db.execute("begin")
        if full:
            self.db.execute("delete from details")
        rows: dict[str, list[Any]] = {kind: [] for kind in KINDS}
        details = []
        for line in package.lines():
            kind = line["k"]
            if "d" in line:
                rid = int(line["d"])
                engines.of(kind).remove(rid)
                self.db.execute("delete from details where kind = ? and record_id = ?", (kind, rid))
                continue
            row = DECODE[kind](line["r"])
            (rows[kind].append(row) if full else engines.of(kind).update(row))
            details.append(
                (
                    kind,
                    row[0] if isinstance(row, tuple) else row.record_id,
                    line.get("o", ""),
                    line.get("a", ""),
                )
            )
        if full:
            fresh = Engines.build(lambda kind: rows[kind])
            for kind in KINDS:
                setattr(engines, kind, getattr(fresh, kind))
        self.db.executemany("insert or replace into details values (?, ?, ?, ?)", details)

    def engines(self) -> Engines:
        """The indexes of the package applied; read again when another process applied a newer one
        (the command line beside a running page)."""
        held = (self.manifest() or {}).get("payload_sha256")
        if self._engines is None or self._engines_of != held:
            if not (self.folder / "indexes").exists():
                raise PostError(
                    "no_package", "This post holds no package yet: apply your bureau's full package."
                )
            self._engines, self._engines_of = Engines.load(self.folder / "indexes"), held
        return self._engines

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
