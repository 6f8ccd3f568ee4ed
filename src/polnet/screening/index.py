"""The screening index of one server process: the engine's indexes plus each record's access facts.

It is built from the database (or loaded from a snapshot the CLI wrote before the
workers started) and follows the records change feed, so records created, changed,
deleted or expired reach it without a restart. Access facts are interned: millions
of records share a few thousand distinct (owner, restriction, listed, …) facts.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connections

from polnet.core import policy
from polnet.core.actor import Actor
from polnet.core.policy import AccessFacts
from polnet.identifiers.errors import InputRefused
from polnet.records.models import RecordChange
from polnet.screening.engine.engines import KINDS, Engines
from polnet.screening.notice_subjects import NoticeSubjects
from polnet.screening.rows import ROW_READERS

log = logging.getLogger(__name__)
SNAPSHOT_VERSION = 2  # 2: works of art
REFRESH_SECONDS = float(getattr(settings, "POLNET_INDEX_REFRESH_SECONDS", 0.5))


class FactsTable:
    """Distinct access facts, and which facts each record of one kind has."""

    def __init__(self) -> None:
        self.facts: list[AccessFacts] = []
        self._ids: dict[AccessFacts, int] = {}
        self.of_record = np.full(1024, -1, dtype=np.int32)
        self._verdicts: dict[policy.Condition, dict[int, bool]] = {}

    def set(self, record_id: int, facts: AccessFacts) -> None:
        fid = self._ids.get(facts)
        if fid is None:
            fid = self._ids[facts] = len(self.facts)
            self.facts.append(facts)
        if record_id >= len(self.of_record):
            grown = np.full(max(record_id + 1, 2 * len(self.of_record)), -1, dtype=np.int32)
            grown[: len(self.of_record)] = self.of_record
            self.of_record = grown
        self.of_record[record_id] = fid

    def drop(self, record_id: int) -> None:
        if record_id < len(self.of_record):
            self.of_record[record_id] = -1

    def get(self, record_id: int) -> AccessFacts | None:
        if record_id >= len(self.of_record) or self.of_record[record_id] < 0:
            return None
        return self.facts[int(self.of_record[record_id])]

    def predicate(self, actor: Actor) -> Callable[[int], bool]:
        """The policy's predicate for this actor, evaluated once per distinct facts and rule.

        Facts ids never change meaning (the table only grows), so verdicts are kept across
        queries for the same rule: actors of one unit or bureau share one rule."""
        rule = policy.visibility(actor)
        seen = self._verdicts.get(rule)
        if seen is None:
            if len(self._verdicts) >= 512:
                self._verdicts.clear()
            seen = self._verdicts[rule] = {}
        of_record, facts = self.of_record, self.facts

        def allowed(record_id: int) -> bool:
            if record_id >= len(of_record):
                return False
            fid = int(of_record[record_id])
            if fid < 0:
                return False
            ok = seen.get(fid)
            if ok is None:
                ok = seen[fid] = rule.holds(facts[fid])
            return ok

        return allowed

    def dump(self, folder: Path, kind: str) -> None:
        # A new file replaces the old one, never rewritten in place: processes that mapped
        # the old one keep reading it intact.
        path = folder / f"{kind}.facts.npy"
        partial = path.with_name(path.name + ".new")
        with open(partial, "wb") as handle:
            np.save(handle, self.of_record)
        os.replace(partial, path)
        rows = [{**asdict(f), "listed_countries": sorted(f.listed_countries)} for f in self.facts]
        (folder / f"{kind}.facts.json").write_text(json.dumps(rows))

    @classmethod
    def restore(cls, folder: Path, kind: str) -> FactsTable:
        table = cls()
        # Mapped copy-on-write, like the engine's index files: the workers share its pages.
        table.of_record = np.load(folder / f"{kind}.facts.npy", mmap_mode="c")
        for row in json.loads((folder / f"{kind}.facts.json").read_text()):
            f = AccessFacts(**{**row, "listed_countries": frozenset(row["listed_countries"])})
            table._ids[f] = len(table.facts)
            table.facts.append(f)
        return table


class ScreeningIndex:
    """All kinds, one lock: searches and updates never interleave inside an engine index."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.engines = Engines.empty()
        self.facts: dict[str, FactsTable] = {}
        self.notices = NoticeSubjects()  # persons concerned by notices in force
        self.seq = 0  # last change-feed entry applied
        self._checked = 0.0

    # ---- building and snapshots ----------------------------------------------------------

    @classmethod
    def build(cls, on_progress: Callable[[str, int], None] | None = None) -> ScreeningIndex:
        index = cls()
        # Note the feed position first: changes made while we read are replayed afterwards.
        index.seq = RecordChange.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        index.engines = Engines.build(lambda kind: index._read_kind(kind, on_progress))
        index.notices = NoticeSubjects.build()
        index.refresh(force=True)
        return index

    def _read_kind(self, kind: str, on_progress: Callable[[str, int], None] | None) -> Iterator[object]:
        """The kind's rows for its engine, noting each record's access facts on the way."""
        table = self.facts[kind] = FactsTable()
        count = 0
        for row, facts in ROW_READERS[kind]():
            table.set(row.record_id, facts)
            count += 1
            if on_progress and count % 50_000 == 0:
                on_progress(kind, count)
            yield row
        if on_progress:
            on_progress(kind, count)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with self.lock:
            self.engines.save(folder)
            for kind in KINDS:
                self.facts[kind].dump(folder, kind)
            meta = {"version": SNAPSHOT_VERSION, "seq": self.seq, "kinds": sorted(KINDS)}
            (folder / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, folder: Path) -> ScreeningIndex:
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("version") != SNAPSHOT_VERSION or sorted(meta["kinds"]) != sorted(KINDS):
            raise ValueError("snapshot from another version")
        index = cls()
        index.seq = int(meta["seq"])
        index.engines = Engines.load(folder)
        for kind in KINDS:
            index.facts[kind] = FactsTable.restore(folder, kind)
        index.notices = NoticeSubjects.build()
        index.refresh(force=True)
        return index

    # ---- following the change feed -------------------------------------------------------

    def refresh(self, *, force: bool = False) -> int:
        """Apply record and notice changes since the last call; at most every REFRESH_SECONDS."""
        now = time.monotonic()
        if not force and now - self._checked < REFRESH_SECONDS:
            return 0
        self._checked = now
        applied = self.notices.follow(self.lock)
        while True:
            changes = list(
                RecordChange.objects.filter(seq__gt=self.seq)
                .order_by("seq")
                .values_list("seq", "kind", "record_id", "last_record_id", "deleted")[:5000]
            )
            if not changes:
                return applied
            with self.lock:
                for _, kind, rid, last, deleted in changes:
                    if kind not in KINDS:
                        continue
                    if deleted:
                        self._drop(kind, [rid])
                    else:
                        self._upsert(kind, range(rid, last + 1) if last is not None else [rid])
                self.seq = changes[-1][0]
            applied += len(changes)

    def _upsert(self, kind: str, ids: list[int] | range) -> None:
        """Re-read these records; those no longer in the database leave the index."""
        engine, table = self.engines.of(kind), self.facts[kind]
        found = set()
        for row, facts in ROW_READERS[kind](only=ids):
            try:
                engine.update(row)
            except InputRefused as exc:
                # One record the engine cannot compare (written before its rule existed) must
                # not stop the index for every other: it is left out, and said so in the log.
                log.warning("%s %s left out of the screening index: %s", kind, row.record_id, exc)
                continue
            table.set(row.record_id, facts)
            found.add(row.record_id)
        if isinstance(ids, list):
            self._drop(kind, [rid for rid in ids if rid not in found])

    def _drop(self, kind: str, ids: list[int]) -> None:
        engine, table = self.engines.of(kind), self.facts[kind]
        for rid in ids:
            engine.remove(rid)
            table.drop(rid)

    def sizes(self) -> dict[str, int]:
        return {**{kind: len(engine) for kind, engine in self.engines.items()}, "notice": len(self.notices)}


# ---- the process's index -------------------------------------------------------------------

_current: ScreeningIndex | None = None
_loading = threading.Lock()


def snapshot_folder() -> Path:
    return Path(settings.DATA_DIR) / "index"


def current() -> ScreeningIndex:
    """This process's index: loaded from the snapshot if there is one, else built. Then kept current."""
    global _current
    if _current is None:
        with _loading:
            if _current is None:
                folder = snapshot_folder()
                try:
                    _current = ScreeningIndex.load(folder) if (folder / "meta.json").exists() else None
                except (OSError, ValueError) as exc:
                    log.warning("screening snapshot not usable (%s); building from the database", exc)
                if _current is None:
                    _current = ScreeningIndex.build()
                # Millions of long-lived index objects: keep the collector from rescanning them.
                gc.freeze()
    _current.refresh()
    return _current


def reset() -> None:
    """Forget the process's index (tests; after a restore)."""
    global _current
    _current = None


def warm_up_in_background() -> None:
    def run() -> None:
        try:
            current()
        except Exception:  # a failed warm-up is retried by the first query
            log.exception("screening index warm-up failed")
        finally:
            connections.close_all()  # the thread ends: its connections too, not at GC

    threading.Thread(target=run, name="screening-warm-up", daemon=True).start()
