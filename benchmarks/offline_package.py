"""Offline package sizes and a delta's apply time on a post.

    PYTHONPATH=src python benchmarks/offline_package.py --documents 1000000 --persons 100000

Synthetic engine rows go through the same payload encoding, signature and post-side apply
as `polnet offline build` and `polnet post apply` (the database read is not measured: it is
the screening index's own row reader). The package also holds --notices subjects of notices
(thousands in practice). Prints the full package's size, then a delta of --changes changed
records and a hundredth as many changed notices: its size and the time the post takes to
verify and apply it.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from polnet.post import check
from polnet.post.package import encode_payload, fingerprint, seal
from polnet.post.rows import ENCODE
from polnet.post.store import Post
from polnet.screening.engine.documents import DocumentRow
from polnet.screening.engine.person.dates import PartialDate
from polnet.screening.engine.person.types import NameEntry, PersonRow

GIVEN = ["Ivan", "Maria", "Ahmed", "Li", "Anna", "John", "Fatima", "Carlos", "Olga", "Yusuf"]
FAMILY = ["Ivanov", "Garcia", "Haddad", "Wang", "Novak", "Smith", "Rahman", "Lopez", "Petrova", "Demir"]


def _document(i: int) -> list[Any]:
    return ENCODE["document"](
        DocumentRow(i, f"X{i:08d}", random.choice(["FR", "DE", "IT"]), "passport", "stolen")
    )


def _person_row(i: int) -> PersonRow:
    name = NameEntry(random.choice(GIVEN), f"{random.choice(FAMILY)}{i % 997}")
    dob = PartialDate(1950 + i % 50, 1 + i % 12, 1 + i % 28)
    return PersonRow(i, (name,), dob, "M")


def _person(i: int) -> list[Any]:
    return ENCODE["person"](_person_row(i))


def _notice(i: int) -> dict[str, Any]:
    return {
        "k": "notice",
        "r": ENCODE["notice"](_person_row(i)),
        "o": "FR",
        "a": "arrest",
        "n": [f"2026/{i:05d}", "red", "notice"],
    }


def _manifest(version: int, base: int | None, counts: dict[str, int]) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "unit": 1,
        "bureau": "DE",
        "version": version,
        "base_version": base,
        "notice_version": version,
        "notice_base_version": base,
        "created_at": now.isoformat(),
        "expires_at": (now + timedelta(hours=72)).isoformat(),
        "kinds": ["person", "document"],
        "result_level": "full",
        "scope": "bench",
        "counts": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--notices", type=int, default=5_000)
    args = parser.parse_args()
    random.seed(1)
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    t = time.perf_counter()
    lines = [
        {"k": "document", "r": _document(i), "o": "FR", "a": "seize"} for i in range(1, args.documents + 1)
    ]
    lines += [{"k": "person", "r": _person(i), "o": "FR", "a": "locate"} for i in range(1, args.persons + 1)]
    lines += [_notice(i) for i in range(1, args.notices + 1)]
    counts = {"document": args.documents, "person": args.persons, "notice": args.notices}
    full = seal(_manifest(1, None, counts), encode_payload(lines), key)
    built = time.perf_counter() - t
    print(
        f"full package: {args.documents} documents, {args.persons} persons, {args.notices} notices: "
        f"{len(full) / 1e6:.1f} MB (built in {built:.1f} s)"
    )

    # A delta: half changed documents, a quarter new persons, a quarter removals.
    n = args.changes
    delta_lines: list[dict[str, Any]] = []
    for _ in range(n // 2):
        delta_lines.append(
            {"k": "document", "r": _document(random.randint(1, args.documents)), "o": "FR", "a": "seize"}
        )
    for j in range(n // 4):
        delta_lines.append({"k": "person", "r": _person(args.persons + 1 + j), "o": "FR", "a": "locate"})
    for _ in range(n - len(delta_lines)):
        delta_lines.append({"k": "document", "d": random.randint(1, args.documents)})
    for j in range(n // 100 if args.notices else 0):  # notices published, and as many cancelled
        delta_lines.append(_notice(args.notices + 1 + j))
        delta_lines.append({"k": "notice", "d": random.randint(1, args.notices)})
    delta = seal(_manifest(2, 1, {"changes": n}), encode_payload(delta_lines), key)
    print(f"delta of {n} changes: {len(delta) / 1e3:.0f} kB")

    with tempfile.TemporaryDirectory() as folder:
        post = Post(Path(folder))
        post.init(public, fingerprint(public), unit=1, bureau="DE")
        t = time.perf_counter()
        post.apply(full)
        print(f"full package applied on the post in {time.perf_counter() - t:.1f} s")
        post = Post(Path(folder))  # a new process: the indexes are read from disk
        t = time.perf_counter()
        post.apply(delta)
        print(
            f"delta applied (verify, check lines, details, journal) in {time.perf_counter() - t:.2f} s "
            "(target <= 5 s)"
        )
        post = Post(Path(folder))  # the next process reads the indexes and replays the journal
        t = time.perf_counter()
        check.check_document(post, "X00000001")
        print(f"first check of a new process after it (load, replay) in {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
