"""HTTP for the messaging client, on the standard library only (no Django, no extra packages).

A client authenticates with an API token (Authorization: Bearer), or with a signed-in
session (password and second factor through /login/, then the CSRF cookie on writes).
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Protocol


class ApiError(Exception):
    def __init__(self, status: int, body: bytes) -> None:
        self.status = status
        self.body = body
        try:
            self.data: dict[str, Any] = json.loads(body)
        except ValueError:
            self.data = {}
        super().__init__(f"HTTP {status}: {self.data.get('detail') or body[:200]!r}")


class TransportError(Exception):
    """The server could not be reached or the connection broke: safe to retry an idempotent call."""


class Transport(Protocol):
    def request(
        self, method: str, path: str, *, body: Any = None, files: dict[str, bytes] | None = None
    ) -> tuple[int, bytes]: ...


def multipart(files: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = "polnet-" + secrets.token_hex(12)
    parts = []
    for name, data in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class _LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies to a loopback server over plain HTTP, as browsers do for localhost."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        host = urllib.parse.urlsplit(request.get_full_url()).hostname
        return host in ("127.0.0.1", "localhost", "::1") or bool(super().return_ok_secure(cookie, request))


class HttpTransport:
    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 30.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("The server address starts with http:// or https://")
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar(policy=_LoopbackPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def _open(self, req: urllib.request.Request) -> tuple[int, bytes]:
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:  # http(s) checked above
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (
            urllib.error.URLError,
            http.client.HTTPException,
            ConnectionError,
            TimeoutError,
            OSError,
        ) as exc:
            raise TransportError(str(exc)) from exc

    def request(
        self, method: str, path: str, *, body: Any = None, files: dict[str, bytes] | None = None
    ) -> tuple[int, bytes]:
        headers = {"Accept": "application/json", "Referer": self.base_url + "/"}
        data = None
        if files is not None:
            data, headers["Content-Type"] = multipart(files)
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        elif method not in ("GET", "HEAD") and (csrf := self._cookie("csrftoken")):
            headers["X-CSRFToken"] = csrf
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)  # noqa: S310
        return self._open(req)

    def login(self, username: str, password: str, otp: str) -> None:
        """Sign in like the web page does (for sessions without a token, e.g. tests)."""
        self._open(urllib.request.Request(self.base_url + "/login/"))  # noqa: S310  # sets the CSRF cookie
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "otp_token": otp,
                "csrfmiddlewaretoken": self._cookie("csrftoken") or "",
            }
        ).encode()
        req = urllib.request.Request(  # noqa: S310
            self.base_url + "/login/",
            data=form,
            method="POST",
            headers={"Referer": self.base_url + "/login/"},
        )
        status, body = self._open(req)
        if self._cookie("sessionid") is None:
            raise ApiError(status, body or b'{"detail": "sign-in failed"}')
