"""Django settings, read from the environment with safe defaults for a local demo.

Environment:
- POLNET_DATA_DIR    folder for the SQLite database, secret key and index files (./polnet-data)
- DATABASE_URL       e.g. postgresql://user@127.0.0.1:5432/polnet; SQLite in the data dir if unset
- POLNET_ENV         "demo" (default), "production" or "test"
- POLNET_SECRET_KEY  required in production (or a `secret_key` file in the data dir)
- POLNET_ALLOWED_HOSTS  comma-separated host names
- POLNET_TRUSTED_PROXIES  addresses or networks of the reverse proxies in front (HTTPS below)
- POLNET_CSRF_TRUSTED_ORIGINS, POLNET_HSTS_SECONDS, POLNET_SSL_REDIRECT  HTTPS (below)
- POLNET_LOGIN_FAILURE_LIMIT, POLNET_ADDRESS_FAILURE_LIMIT, POLNET_LOCKOUT_MINUTES  sign-in throttling
- POLNET_JOB_LEASE_SECONDS  how long a silent job worker keeps its running job (60)
- POLNET_LIVE_STREAM 0: signed-in pages open no live event stream and rely on slow polls (1)
- POLNET_FOUR_EYES   1: a Red notice and a public extract are published only after two
                     different reviewers approve them (0, one reviewer, by default)
- POLNET_AUDIT_CHECKPOINTS  the audit chain's signed checkpoint file (<data dir>/audit-checkpoints.jsonl)
- POLNET_AUDIT_WITNESS_URLS comma-separated base URLs of polnet nodes that witness each checkpoint
- POLNET_BASE_URL    this node's public address, e.g. https://polnet.example.org (names learning
                     activities and learners' accounts in xAPI statements, docs/training.md)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from polnet.core.proxies import parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("POLNET_DATA_DIR", "polnet-data")).resolve()
ENVIRONMENT = os.environ.get("POLNET_ENV", "demo")
PRODUCTION = ENVIRONMENT == "production"

_INSECURE_DEMO_KEY = "polnet-demo-key-not-for-production-use-0123456789abcdef"


def _secret_key() -> str:
    key = os.environ.get("POLNET_SECRET_KEY", "")
    key_file = DATA_DIR / "secret_key"
    if not key and key_file.is_file():
        key = key_file.read_text().strip()
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "POLNET_SECRET_KEY is not set. Set it (50+ random characters) or run "
            "`polnet demo` once to create a key file in the data directory."
        )
    return _INSECURE_DEMO_KEY


def _whole_number(name: str, default: int, least: int = 0) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < least:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {least}, not {value!r}.")
    return int(value)


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip()
    if value not in ("", "0", "1"):
        raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}.")
    return value == "1" if value else default


def _listed(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("POLNET_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("POLNET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "django_countries",  # translated country names
    "django_tasks",
    "django_tasks_db",
    "polnet.core",
    "polnet.jobs",
    "polnet.network",
    "polnet.notifications",
    "polnet.records",
    "polnet.screening",
    "polnet.notices",
    "polnet.messaging",
    "polnet.analysis",
    "polnet.dataprotection",
    "polnet.training",
    "polnet.operations",
    "polnet.feeds",
    "polnet.offline",
    "polnet.portal",  # the front: spans the domains above, none of which imports it
]

# page_middleware.X is Django's (or the library's) X, passed by for an API call that
# carries a bearer token and no cookie: such a client has no session, sign-in or page.
MIDDLEWARE = [
    "polnet.core.proxies.TrustedProxyMiddleware",  # first: before anything reads a forwarded header
    "polnet.core.api_errors.ApiErrorBodyMiddleware",  # outermost: sees every answer under /api/
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "polnet.core.page_middleware.Session",  # background polls do not extend a session
    "polnet.core.page_middleware.Locale",
    "polnet.core.page_middleware.Common",
    "django.middleware.csrf.CsrfViewMiddleware",
    "polnet.core.page_middleware.Authentication",
    "polnet.core.page_middleware.OTP",
    "polnet.core.middleware.PageMessageMiddleware",
    "polnet.core.page_middleware.XFrameOptions",
    "polnet.core.page_middleware.Htmx",
    "polnet.core.middleware.SecurityHeadersMiddleware",
    "polnet.core.middleware.UnstorableTextMiddleware",  # last: its 400 page is in the reader's language
]

ROOT_URLCONF = "polnet.urls"
WSGI_APPLICATION = "polnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at BEGIN
# so two writers never deadlock upgrading a read lock. Applied to every SQLite database, the
# default file or one named by DATABASE_URL.
SQLITE_OPTIONS: dict[str, object] = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
    ),
    "transaction_mode": "IMMEDIATE",
}


def _databases() -> dict[str, dict[str, object]]:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["ATOMIC_REQUESTS"] = False
        if config.get("ENGINE") == "django.db.backends.sqlite3":
            options = config.get("OPTIONS")
            config["OPTIONS"] = {**SQLITE_OPTIONS, **(options if isinstance(options, dict) else {})}
        return {"default": config}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "polnet.sqlite3",
            "CONN_MAX_AGE": 60,  # a connection per request costs more than the request itself
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "network.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

# Sign-in throttling (network/throttle.py): after this many failures an account waits before
# each further try, 1 minute and doubling up to the longest wait; an address waits after more
# failures, except for accounts that signed in from it before.
POLNET_FOUR_EYES = _flag("POLNET_FOUR_EYES", False)
POLNET_SIGN_IN_ACCOUNT_LIMIT = _whole_number("POLNET_LOGIN_FAILURE_LIMIT", 5, least=1)
POLNET_SIGN_IN_ADDRESS_LIMIT = _whole_number("POLNET_ADDRESS_FAILURE_LIMIT", 20, least=1)
POLNET_SIGN_IN_LONGEST_WAIT = timedelta(minutes=_whole_number("POLNET_LOCKOUT_MINUTES", 15, least=1))

OTP_TOTP_ISSUER = "polnet"

SESSION_COOKIE_AGE = int(os.environ.get("POLNET_SESSION_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: each request extends, idleness ends it
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION or os.environ.get("POLNET_SECURE_COOKIES", "") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; htmx sends it from the page
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# HTTPS behind a reverse proxy that ends TLS. The proxy's X-Forwarded-Proto and X-Forwarded-For
# count only from these addresses (core/proxies.py removes them from any other peer): Django's
# SECURE_PROXY_SSL_HEADER alone would believe any client that sends the header.
POLNET_TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("POLNET_TRUSTED_PROXIES", ""))
if POLNET_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Needed only when the proxy does not pass the Host header on, e.g. https://polnet.example.
CSRF_TRUSTED_ORIGINS = _listed("POLNET_CSRF_TRUSTED_ORIGINS")
# Sent on HTTPS answers only; covers names under polnet's own host name, nothing above it.
SECURE_HSTS_SECONDS = _whole_number("POLNET_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# On by default when a proxy tells HTTPS from HTTP; without one every request would look like HTTP.
SECURE_SSL_REDIRECT = _flag("POLNET_SSL_REDIRECT", PRODUCTION and bool(POLNET_TRUSTED_PROXIES))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
LANGUAGES = [("ar", "العربية"), ("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
FORMAT_MODULE_PATH = ["polnet.formats"]  # ISO dates in every language: see polnet/formats

STATIC_URL = "/static/"
STATIC_ROOT = None  # files are served from the package by WhiteNoise
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic step

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("POLNET_LOG_LEVEL", "WARNING")},
}

# Record retention: the review date is at most this far ahead (data rules: 5 years).
POLNET_MAX_REVIEW_YEARS = 5
# The owner bureau is told this many days before a record's or notice's review date; at the
# date it is hidden (expired), and this many days after the date it is deleted, with what was
# derived from it (docs/dataprotection.md, "Retention"). The grace leaves the owner a quarter
# of a year to extend a record that lapsed unnoticed; 0 deletes the day after expiry.
POLNET_RETENTION_NOTICE_DAYS = _whole_number("POLNET_RETENTION_NOTICE_DAYS", 30, least=1)
POLNET_RETENTION_GRACE_DAYS = _whole_number("POLNET_RETENTION_GRACE_DAYS", 90, least=0)
# A passenger list's results file (every traveller's name, date of birth and document) is
# deleted this many hours after the list finished; its hits stay as hit records.
POLNET_BATCH_RESULTS_HOURS = float(os.environ.get("POLNET_BATCH_RESULTS_HOURS", "24"))

# Signed-in pages open an event stream that tells them when their inbox or hits change
# (notifications/live.py, docs/live.md); 0 leaves them to their slow polls.
POLNET_LIVE_STREAM = _flag("POLNET_LIVE_STREAM", True)
# An operation's open live board asks for its figures this often (docs/operations.md).
POLNET_OPERATION_BOARD_POLL_SECONDS = 10

# The audit chain's signed checkpoints (docs/audit.md): an append-only file that should live on
# other storage than the database, and the other polnet nodes that witness each checkpoint.
POLNET_AUDIT_CHECKPOINTS = Path(
    os.environ.get("POLNET_AUDIT_CHECKPOINTS", "") or DATA_DIR / "audit-checkpoints.jsonl"
).resolve()
POLNET_AUDIT_WITNESS_URLS = _listed("POLNET_AUDIT_WITNESS_URLS")

# This node's public address: the xAPI statements of the learning centre name their activities
# and learners' accounts under it, so another institution's records tell nodes apart.
POLNET_BASE_URL = os.environ.get("POLNET_BASE_URL", "http://localhost:8000").rstrip("/")

# Background and scheduled work: one queue in the database (polnet.jobs, `polnet worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose worker has not renewed its lease for this long is taken by another worker.
POLNET_JOB_LEASE_SECONDS = _whole_number("POLNET_JOB_LEASE_SECONDS", 60, least=2)
