"""`polnet post serve`: the post's local page, a WSGI app on the standard library's server.

Security, since anyone's browser on this laptop may be led to the page by another site:
- it answers only requests whose Host header is the address it is bound to (a rebound DNS
  name pointing at 127.0.0.1 is refused) and binds to 127.0.0.1 unless told otherwise;
- every POST carries this process's random token (compared in constant time), and what a
  browser says of the form's origin (Origin, Sec-Fetch-Site) must be this page: another site
  cannot make the post check or upload;
- every value is escaped (`page.py`); the content policy allows the page's own stylesheet
  only, no script, no frame; bad input gets a 400 page that says what is wrong.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
import socket
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from polnet.post import check, page
from polnet.post.i18n import DEFAULT, LANGUAGES, N_, Refusal, catalog, from_accept_language, language_of
from polnet.post.store import Post, PostError

CSS = (Path(__file__).with_name("static") / "post.css").read_bytes()
MAX_BODY = 16 * 1024
MAX_FIELD = {"mrz": 300, "name": 200, "location": 200}  # others: 64 characters
COOKIE = "post_lang"
LOOPBACK = {"127.0.0.1", "::1"}
# Refusals that ask the operator to set the post up, not to correct the form.
STATE_CODES = {"not_initialised", "no_package", "indexes_outdated"}
HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
]
FAILED = N_(
    "Something went wrong on this post; the check was not made. Try again, and tell your bureau "
    "if it repeats."
)
REQUIRED = {
    "person": ("name", N_("Enter the person's name.")),
    "document": ("number", N_("Enter the document number.")),
    "mrz": ("mrz", N_("Paste the whole machine-readable zone.")),
    "firearm": ("serial", N_("Enter the serial number.")),
}


@dataclass
class Response:
    status: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


class BadRequest(Exception):
    def __init__(self, status: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.params = status, message, params


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class App:
    def __init__(
        self, folder: Path, *, host: str, port: int, token: str = "", language: str = DEFAULT
    ) -> None:
        self.folder = folder
        self.address = _address(host, port)
        self.hosts = {self.address.lower()} | ({f"localhost:{port}"} if host in LOOPBACK else set())
        self.origin = f"http://{self.address}"
        self.csrf = secrets.token_urlsafe(32)  # one per process: a restart ends old forms
        self.token = token
        self.language = language_of(language) or DEFAULT
        self.lock = threading.Lock()  # one request at a time touches the post's database
        self._post: Post | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        language = self._language(environ)
        try:
            response = self._handle(environ, language)
        except BadRequest as exc:
            message = (
                catalog(language).gettext(exc.message) % exc.params
                if exc.params
                else catalog(language).gettext(exc.message)
            )
            response = Response(exc.status, page.error_page(language, catalog(language), message).encode())
        except Exception:
            traceback.print_exc(file=environ.get("wsgi.errors", sys.stderr))
            message = catalog(language).gettext(FAILED)
            response = Response(
                "500 Internal Server Error", page.error_page(language, catalog(language), message).encode()
            )
        headers = [("Content-Type", response.content_type), ("Content-Language", language), *HEADERS]
        headers += [("Vary", "Accept-Language, Cookie"), *response.headers]
        start_response(response.status, headers)
        return [response.body]

    # ---- routing ----------------------------------------------------------------------------

    def _handle(self, environ: dict[str, Any], language: str) -> Response:
        if environ.get("HTTP_HOST", "").lower() not in self.hosts:
            raise BadRequest(
                "400 Bad Request", N_("This page answers only at http://%(address)s/."), address=self.address
            )
        path, method = environ.get("PATH_INFO", "/"), environ.get("REQUEST_METHOD", "GET")
        routes: dict[str, tuple[str, Callable[[dict[str, Any], str], Response]]] = {
            "/": ("GET", self._home),
            "/static/post.css": ("GET", self._css),
            "/favicon.ico": ("GET", self._no_icon),
            "/check": ("POST", self._check),
            "/sync": ("POST", self._sync),
        }
        if path not in routes:
            raise BadRequest("404 Not Found", N_("There is no such page here."))
        allowed, handler = routes[path]
        if method != allowed:
            raise BadRequest("405 Method Not Allowed", N_("This page does not take that kind of request."))
        if method == "POST":
            self._check_origin(environ)
        return handler(environ, language)

    def _language(self, environ: dict[str, Any]) -> str:
        """?lang= (remembered by the cookie it sets), else the cookie, else the browser's, else the post's."""
        chosen = self._query(environ).get("lang")
        if chosen in LANGUAGES:
            return chosen
        cookies: str = environ.get("HTTP_COOKIE", "")
        for part in cookies.split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and value in LANGUAGES:
                return value
        return from_accept_language(environ.get("HTTP_ACCEPT_LANGUAGE", "")) or self.language

    @staticmethod
    def _query(environ: dict[str, Any]) -> dict[str, str]:
        try:
            query = parse_qs(environ.get("QUERY_STRING", ""), max_num_fields=5)
        except ValueError:
            return {}
        return {k: v[0] for k, v in query.items()}

    def _check_origin(self, environ: dict[str, Any]) -> None:
        """A browser says where a form comes from; the token is checked besides (`_form`).
        Under this page's no-referrer policy a browser sends Origin "null", so the fetch site says."""
        origin = environ.get("HTTP_ORIGIN", "null").lower()
        cross_site = environ.get("HTTP_SEC_FETCH_SITE", "same-origin") not in {"same-origin", "none"}
        if cross_site or origin not in {"null", self.origin.lower()}:
            raise BadRequest(
                "403 Forbidden", N_("This form did not come from this page: open the page and try again.")
            )

    def _form(self, environ: dict[str, Any]) -> dict[str, str]:
        """The posted form, once its token is this process's; else 403."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            raise BadRequest("413 Content Too Large", N_("This form is too large."))
        if environ.get("CONTENT_TYPE", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
            raise BadRequest("400 Bad Request", N_("Send the form from this page."))
        try:
            fields = parse_qs(
                environ["wsgi.input"].read(length).decode(), keep_blank_values=True, max_num_fields=20
            )
        except (UnicodeDecodeError, ValueError):
            raise BadRequest("400 Bad Request", N_("Send the form from this page.")) from None
        form = {k: v[0] for k, v in fields.items()}
        if not hmac.compare_digest(form.get("csrf", "").encode(), self.csrf.encode()):
            raise BadRequest(
                "403 Forbidden",
                N_("This form has expired or did not come from this page: open the page and check again."),
            )
        return form

    # ---- pages ------------------------------------------------------------------------------

    def _post_now(self) -> Post:
        if self._post is None:
            self._post = Post(self.folder)
        return self._post

    def _view(self, language: str, **kwargs: Any) -> page.View:
        post = self._post_now()
        state = page.State()
        with contextlib.suppress(PostError):  # not initialised: the page says what to do
            _, state.unit, state.bureau, _, state.server = post.trust()
        state.manifest = post.manifest()
        state.expired = post.expired()
        state.counts, state.hits, state.queued = post.counts(), post.hits(), post.queued()
        return page.View(language, catalog(language), self.csrf, state, can_sync=bool(self.token), **kwargs)

    def _render(
        self, view: page.View, status: str = "200 OK", headers: list[tuple[str, str]] | None = None
    ) -> Response:
        return Response(status, page.home(view).encode(), headers=headers or [])

    def _home(self, environ: dict[str, Any], language: str) -> Response:
        chosen = self._query(environ).get("lang")
        headers = []
        if chosen is not None:
            if chosen not in LANGUAGES:
                raise BadRequest(
                    "400 Bad Request", N_("This language is not offered: choose ar, en, es or fr.")
                )
            headers.append(
                ("Set-Cookie", f"{COOKIE}={chosen}; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly")
            )
        with self.lock:
            return self._render(self._view(language), headers=headers)

    def _css(self, environ: dict[str, Any], language: str) -> Response:
        return Response("200 OK", CSS, "text/css; charset=utf-8")

    def _no_icon(self, environ: dict[str, Any], language: str) -> Response:
        return Response("204 No Content", b"")

    def _check(self, environ: dict[str, Any], language: str) -> Response:
        form = self._form(environ)
        kind = form.get("kind", "")
        if kind not in page.FORMS:
            raise BadRequest("400 Bad Request", N_("There is no such check."))
        names = [f[0] for f in page.FORMS[kind]] + ["location"]
        values = {n: form.get(n, "").strip() for n in names}
        with self.lock:
            try:
                self._input(kind, values)
                results = self._run(kind, values)
            except Refusal as exc:
                status = "409 Conflict" if exc.code in STATE_CODES else "400 Bad Request"
                view = self._view(language, error=exc.message_in(catalog(language)), kind=kind, values=values)
                return self._render(view, status)
            return self._render(self._view(language, results=results))

    @staticmethod
    def _input(kind: str, values: dict[str, str]) -> None:
        for name, value in values.items():
            if len(value) > MAX_FIELD.get(name, 64):
                raise PostError(
                    "too_long",
                    "A field is too long: at most %(max)s characters.",
                    max=MAX_FIELD.get(name, 64),
                )
        if kind == "vehicle" and not (values["vin"] or values["plate"]):
            raise PostError("vehicle_identifier_missing", "Enter a VIN or a number plate.")
        if kind in REQUIRED and not values[REQUIRED[kind][0]]:
            raise PostError("required", REQUIRED[kind][1])

    def _run(self, kind: str, v: dict[str, str]) -> list[check.LocalResult]:
        post, where = self._post_now(), v["location"]
        if kind == "mrz":
            return check.check_mrz(post, v["mrz"], where)
        if kind == "person":
            return [check.check_person(post, v["name"], v["dob"], where)]
        if kind == "document":
            return [check.check_document(post, v["number"], v["country"], where)]
        if kind == "vehicle":
            return [check.check_vehicle(post, v["vin"], v["plate"], where)]
        return [check.check_firearm(post, v["serial"], where)]

    def _sync(self, environ: dict[str, Any], language: str) -> Response:
        from polnet.post.sync import upload

        self._form(environ)
        cat = catalog(language)
        if not self.token:
            raise BadRequest(
                "409 Conflict", N_("This page was started without POLNET_POST_TOKEN: it cannot upload.")
            )
        with self.lock:
            try:
                done = upload(self._post_now(), self.token)
            except PostError as exc:
                status = "409 Conflict" if exc.code in STATE_CODES | {"no_server"} else "502 Bad Gateway"
                return self._render(self._view(language, error=exc.message_in(cat)), status)
            notice = (
                cat.gettext("Uploaded. New hits on the server: %(created)s; already there: %(duplicate)s.")
                % done
            )
            return self._render(self._view(language, notice=notice))


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a browser's idle connection does not hold up the others


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The request line and status, without the client: a form's content is in its body, never logged."""
        sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")


def server(
    folder: Path, host: str, port: int, *, token: str = "", language: str = DEFAULT
) -> tuple[WSGIServer, App]:
    """Bound and ready; `serve_forever` answers. The port may be 0: the system picks one."""
    if host in {"", "0.0.0.0", "::"}:  # noqa: S104  # named here to be refused
        raise PostError("host_wildcard", "Give the one address the page is opened at, not all of them.")
    cls = _Server6 if ":" in host else _Server
    httpd = make_server(host, port, _refuse, server_class=cls, handler_class=_Handler)
    app = App(folder, host=host, port=int(httpd.server_address[1]), token=token, language=language)
    httpd.set_app(app)
    return httpd, app


def _refuse(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b""]
