"""The messaging client: all cryptography happens here, on the user's machine.

Used by `polnet messages …` and by the tests; it speaks to the HTTP API through a
Transport and never sends the password, a private key or a plaintext to the server.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from polnet.messaging import envelope as env
from polnet.messaging.envelope import Draft, EnvelopeError, Opened, UserKeys
from polnet.messaging.transport import ApiError, Transport, TransportError

PREFIX = "/api/messages"


class WrongPassword(Exception):
    """The password does not open the stored keys (wrong, or changed since the keys were made)."""


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class PreparedSend:
    """A sealed message ready to submit; submitting it again is safe (same idempotency key)."""

    payload: dict[str, Any]
    attachments: list[bytes]
    sealed: env.SealedMessage
    skipped: list[str] = field(default_factory=list)  # "all" recipients that cannot receive yet


class MessagingClient:
    def __init__(self, transport: Transport) -> None:
        self.t = transport
        self.user_id = 0
        self.address = ""
        self.keys: UserKeys | None = None
        self.mailbox_keys: dict[int, bytes] = {}
        self.state: dict[str, Any] = {}

    # ---- plumbing ------------------------------------------------------------------------

    def call(self, method: str, path: str, body: Any = None, files: dict[str, bytes] | None = None) -> Any:
        status, raw = self.t.request(method, PREFIX + path, body=body, files=files)
        if status >= 400:
            raise ApiError(status, raw)
        if not raw:
            return None
        return json.loads(raw) if raw[:1] in (b"{", b"[") else raw

    def raw(self, path: str) -> bytes:
        status, data = self.t.request("GET", PREFIX + path)
        if status >= 400:
            raise ApiError(status, data)
        return data

    # ---- keys ----------------------------------------------------------------------------

    def unlock(self, password: str, *, create: bool = True) -> dict[str, Any]:
        """Open (or on first use make) the user's keys, then the mailbox's; returns the mailbox state."""
        self.state = self.call("GET", "/keys/mailbox")
        self.user_id, self.address = self.state["user_id"], self.state["address"]
        try:
            record = self.call("GET", "/keys/me")
        except ApiError as exc:
            if exc.status != 404 or not create:
                raise
            keys = UserKeys.generate()
            self.call("PUT", "/keys/me", env.lock_user_keys(keys, password, self.user_id, 1))
            self.keys = keys
        else:
            try:
                self.keys = env.unlock_user_keys(record, password, self.user_id)
            except EnvelopeError:
                raise WrongPassword("This password does not open your message keys.") from None
        return self.sync_mailbox()

    def reset_keys(self, password: str) -> dict[str, Any]:
        """After a lost password: new keys; a colleague's client then shares the mailbox key again."""
        self.state = self.call("GET", "/keys/mailbox")
        self.user_id, self.address = self.state["user_id"], self.state["address"]
        version = (self.state["user_key_version"] or 0) + 1
        keys = UserKeys.generate()
        self.call(
            "PUT", "/keys/me", env.lock_user_keys(keys, password, self.user_id, version) | {"replace": True}
        )
        self.keys = keys
        return self.sync_mailbox()

    def change_password(self, new_password: str) -> None:
        """Same keys, locked under a new password (after the sign-in password was changed)."""
        assert self.keys is not None, "unlock first"
        version = self.state["user_key_version"]
        self.call("PUT", "/keys/me", env.lock_user_keys(self.keys, new_password, self.user_id, version))

    def _my_grant(self, mailbox_version: int, mailbox_private: bytes) -> dict[str, Any]:
        assert self.keys is not None
        user_key_version = self.state["user_key_version"]
        return self._grant_for(
            self.user_id, user_key_version, self.keys.enc_public, mailbox_version, mailbox_private
        )

    def _grant_for(
        self, user_id: int, user_key_version: int, enc_public: bytes, version: int, private: bytes
    ) -> dict[str, Any]:
        context = env.grant_context(self.address, version, user_id, user_key_version)
        return {
            "user_id": user_id,
            "user_key_version": user_key_version,
            "mailbox_key_version": version,
            "wrapped": env.b64e(env.seal(enc_public, private, context)),
        }

    def _new_mailbox_key(self, version: int) -> tuple[bytes, str, str]:
        assert self.keys is not None
        private, public = env.new_x25519()
        public_b64 = env.b64e(public)
        statement = env.mailbox_key_statement(self.address, version, public_b64)
        return private, public_b64, env.sign(self.keys.sign_private, env.MAILBOX_KEY_SIG_LABEL, statement)

    def sync_mailbox(self) -> dict[str, Any]:
        """Unwrap the mailbox keys shared with us; create the first one, or rotate after a departure."""
        assert self.keys is not None
        self.state = self.call("GET", "/keys/mailbox")
        if self.state["current_version"] is None:
            private, public, signature = self._new_mailbox_key(1)
            body = {"public": public, "signature": signature, "grants": [self._my_grant(1, private)]}
            try:
                self.state = self.call("POST", "/keys/mailbox", body)
            except ApiError as exc:
                if exc.status != 409:  # a colleague made it at the same moment: use theirs
                    raise
                self.state = self.call("GET", "/keys/mailbox")
        self.mailbox_keys = {}
        for k in self.state["keys"]:
            if k["wrapped"] is None:
                continue
            context = env.grant_context(
                self.address, k["version"], self.user_id, self.state["user_key_version"]
            )
            private = env.open_sealed(self.keys.enc_private, env.b64d(k["wrapped"]), context)
            if env.b64e(env.x25519_public(private)) != k["public"]:
                raise EnvelopeError(f"mailbox key version {k['version']} does not match its public key")
            self.mailbox_keys[k["version"]] = private
        current = self.state["current_version"]
        if self.state["rotation_needed"] and current in self.mailbox_keys:
            self.rotate()
        return self.state

    def rotate(self) -> None:
        """A new mailbox key for the members who remain; the one who left cannot open new mail."""
        current = self.state["current_version"]
        private, public, signature = self._new_mailbox_key(current + 1)
        grants = [
            self._grant_for(
                m["user_id"], m["user_key_version"], env.b64d(m["enc_public"]), current + 1, private
            )
            for m in self.state["keepers"]
        ]
        body = {"from_version": current, "public": public, "signature": signature, "grants": grants}
        try:
            self.call("POST", "/keys/mailbox/rotate", body)
        except ApiError as exc:
            if exc.status != 409:
                raise
        self.sync_mailbox()

    def pending(self) -> list[dict[str, Any]]:
        """Members waiting for the mailbox key: confirm each (name, key fingerprint) before sharing."""
        return list(self.state.get("pending", []))

    def share_with(self, members: Iterable[dict[str, Any]]) -> int:
        grants = []
        for m in members:
            for version in m["mailbox_key_versions"]:
                if version in self.mailbox_keys:
                    grants.append(
                        self._grant_for(
                            m["user_id"],
                            m["user_key_version"],
                            env.b64d(m["enc_public"]),
                            version,
                            self.mailbox_keys[version],
                        )
                    )
        if not grants:
            return 0
        count = int(self.call("POST", "/keys/mailbox/grants", {"grants": grants})["count"])
        self.sync_mailbox()
        return count

    def directory(self) -> dict[str, dict[str, Any]]:
        """Mailboxes we may write to; a key whose signature does not verify is left out."""
        out = {}
        for entry in self.call("GET", "/keys/directory"):
            key = entry["key"]
            if key is not None:
                statement = env.mailbox_key_statement(entry["address"], key["version"], key["public"])
                signer = env.b64d(key["signer_sign_public"])
                if not env.verify(signer, env.MAILBOX_KEY_SIG_LABEL, statement, key["signature"]):
                    entry["key"] = None
            out[entry["address"]] = entry
        return out

    # ---- sending --------------------------------------------------------------------------

    def prepare(self, draft: Draft) -> PreparedSend:
        """Seal a draft for its recipients. "all" means every bureau that can receive."""
        assert self.keys is not None, "unlock first"
        book = self.directory()
        skipped: list[str] = []
        if "all" in draft.to:
            everyone = [a for a, e in book.items() if e["kind"] == "bureau" and a != self.address]
            skipped = [a for a in everyone if book[a]["key"] is None]
            draft.to = sorted(
                {*(a for a in draft.to if a != "all"), *(a for a in everyone if a not in skipped)}
            )
        missing = [a for a in draft.to if a not in book or book[a]["key"] is None]
        if missing:
            raise ApiError(422, json.dumps({"detail": _cannot_receive(book, missing)}).encode())
        sealed = env.seal_message(
            draft, sender_mailbox=self.address, sender_user=self.user_id, keys=self.keys, sent_at=utc_now()
        )
        wraps = []
        for address in [*sorted(set(draft.to)), self.address]:
            key = book[address]["key"]
            wraps.append(
                {
                    "mailbox": address,
                    "key_version": key["version"],
                    "wrapped": sealed.wrap_for(address, key["version"], env.b64d(key["public"])),
                }
            )
        payload = {
            "idempotency_key": "msg-" + sealed.id,
            "id": sealed.id,
            "header": sealed.header,
            "signature": sealed.signature,
            "content": env.b64e(sealed.content),
            "attachments": [],
            "wraps": wraps,
        }
        return PreparedSend(payload, sealed.attachments, sealed, skipped)

    def submit(self, prepared: PreparedSend) -> dict[str, Any]:
        """Upload attachments and send; both steps may be repeated after a broken connection."""
        ids = []
        for blob in prepared.attachments:
            ids.append(self.call("POST", "/blobs", files={"file": blob})["id"])
        return dict(self.call("POST", "/send", prepared.payload | {"attachments": ids}))

    def send(self, draft: Draft, *, retries: int = 5) -> dict[str, Any]:
        prepared = self.prepare(draft)
        return dict(with_retries(lambda: self.submit(prepared), retries=retries))

    # ---- reading --------------------------------------------------------------------------

    def open(self, message: dict[str, Any]) -> Opened:
        opened = env.open_message(message, self.mailbox_keys)
        if opened.status == "locked" and self.keys is not None:
            self.sync_mailbox()  # a key shared or rotated since we unlocked
            opened = env.open_message(message, self.mailbox_keys)
        return opened

    def box(self, which: str = "inbox", limit: int = 50) -> list[tuple[dict[str, Any], Opened]]:
        return [(m, self.open(m)) for m in self.call("GET", f"/{which}?limit={limit}")]

    def read(self, message_id: str) -> tuple[dict[str, Any], Opened]:
        message = self.call("GET", f"/{message_id}")
        opened = self.open(message)
        if message["role"] == "recipient" and opened.status == "valid":
            self.call("POST", f"/{message_id}/read")
        return message, opened

    def attachment(self, opened: Opened, message_id: str, index: int) -> bytes:
        return env.open_attachment(opened, index, self.raw(f"/{message_id}/attachments/{index}"))

    def search(self, text: str, limit: int = 200) -> list[tuple[dict[str, Any], Opened]]:
        """Search what we can decrypt: the server cannot search what it cannot read."""
        needle = text.casefold()
        hits = []
        for which in ("inbox", "sent"):
            for m, o in self.box(which, limit):
                if o.content and needle in (o.content["subject"] + "\n" + o.content["body"]).casefold():
                    hits.append((m, o))
        return hits

    def fetch_new(self, handle: Callable[[dict[str, Any], Opened], None], *, limit: int = 50) -> int:
        """Hand each unacknowledged delivery to `handle`, then acknowledge it. Returns how many."""
        cursor, seen = 0, 0
        while True:
            page = self.call("GET", f"/fetch?cursor={cursor}&limit={limit}")
            for item in page["items"]:
                handle(item, self.open(item))
            if page["items"]:
                self.call("POST", "/ack", {"ids": [i["delivery_id"] for i in page["items"]]})
            seen += len(page["items"])
            cursor = page["cursor"]
            if not page["more"]:
                return seen

    # ---- forwarding -------------------------------------------------------------------------

    def forward(self, message_id: str, to: list[str]) -> int:
        message = self.call("GET", f"/{message_id}")
        opened = self.open(message)
        if opened.status != "valid" or opened.content_key is None:
            raise EnvelopeError(f"cannot forward a message that is {opened.status}")
        book = self.directory()
        wraps = []
        for address in to:
            key = (book.get(address) or {}).get("key")
            if key is None:
                raise ApiError(422, json.dumps({"detail": _cannot_receive(book, [address])}).encode())
            context = env.message_key_context(message_id, address, key["version"])
            wrapped = env.seal(env.b64d(key["public"]), opened.content_key, context)
            wraps.append({"mailbox": address, "key_version": key["version"], "wrapped": env.b64e(wrapped)})
        return int(self.call("POST", f"/{message_id}/forward", {"wraps": wraps})["count"])

    def request_forward(self, message_id: str, to: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/{message_id}/forward-requests", {"to": to}))

    def decide(self, request_id: int, grant: bool) -> dict[str, Any]:
        return dict(self.call("POST", f"/forward-requests/{request_id}/decision", {"grant": grant}))


def with_retries(fn: Callable[[], Any], *, retries: int = 5, pause: float = 0.5) -> Any:
    """Repeat an idempotent call while the server is unreachable or restarting."""
    for attempt in range(retries + 1):
        try:
            return fn()
        except TransportError:
            if attempt == retries:
                raise
        except ApiError as exc:
            if exc.status not in (502, 503, 504) or attempt == retries:
                raise
        time.sleep(pause * (attempt + 1))
    raise AssertionError("unreachable")


def _cannot_receive(book: dict[str, dict[str, Any]], addresses: list[str]) -> str:
    """Say who cannot receive, by name: a mailbox gets its key when a member first signs in."""
    names = ", ".join(f"{(book.get(a) or {}).get('name', a)} ({a})" for a in addresses)
    return f"{names} cannot receive yet: none of its members has signed in."
