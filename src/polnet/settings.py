"""Django settings, read from the environment with safe defaults for a local demo.

Environment:
- POLNET_DATA_DIR    folder for the SQLite database, secret key and index files (./polnet-data)
- DATABASE_URL       e.g. postgresql://user@127.0.0.1:5432/polnet; SQLite in the data dir if unset
- POLNET_ENV         "demo" (default), "production" or "test"
- POLNET_SECRET_KEY  required in production (or a `secret_key` file in the data dir)
- POLNET_ALLOWED_HOSTS  comma-separated host names
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    "axes",
    "django_htmx",
    "django_countries",  # translated country names
    "polnet.core",
    "polnet.network",
    "polnet.records",
    "polnet.screening",
    "polnet.notices",
    "polnet.messaging",
]

# page_middleware.X is Django's (or the library's) X, passed by for an API call that
# carries a bearer token and no cookie: such a client has no session, sign-in or page.
MIDDLEWARE = [
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
    "axes.middleware.AxesMiddleware",  # its check looks for this very name
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


def _databases() -> dict[str, dict[str, object]]:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["ATOMIC_REQUESTS"] = False
        return {"default": config}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "polnet.sqlite3",
            "CONN_MAX_AGE": 60,  # a connection per request costs more than the request itself
            "OPTIONS": {
                # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write
                # lock at BEGIN so two writers never deadlock upgrading a read lock.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
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
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

# Lock an account after repeated failures from anywhere, and an address that tries many accounts.
AXES_FAILURE_LIMIT = int(os.environ.get("POLNET_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("POLNET_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "polnet.network.views.locked_out"

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
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
LANGUAGES = [("ar", "العربية"), ("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

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
# A passenger list's results file (every traveller's name, date of birth and document) is
# deleted this many hours after the list finished; its hits stay as hit records.
POLNET_BATCH_RESULTS_HOURS = float(os.environ.get("POLNET_BATCH_RESULTS_HOURS", "24"))
