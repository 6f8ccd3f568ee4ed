"""Test settings: the real ones, with cheaper (still Argon2) password hashing."""

import os
import tempfile

os.environ.setdefault("POLNET_DATA_DIR", tempfile.mkdtemp(prefix="polnet-test-"))
os.environ.setdefault("POLNET_ENV", "test")

from polnet.settings import *  # noqa: F403
from polnet.settings import DATA_DIR, DATABASES

PASSWORD_HASHERS = ["polnet.core.hashers.QuickArgon2PasswordHasher"]
# Seal the screening query log at once, on the caller's connection, not in a background thread.
POLNET_QUERY_LOG_INLINE = True
# A file, not shared-cache memory: background threads (batches, the query log) then get their
# own connections with WAL, as in production.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
# Open pages of browser tests keep no event stream (each would hold a live-server thread and a
# database connection past its test); a test of the live feed turns it on (settings fixture).
POLNET_LIVE_STREAM = False
# Tests change tokens behind the services' back; the resolved-token cache has its own test.
POLNET_TOKEN_CACHE_SECONDS = 0.0
