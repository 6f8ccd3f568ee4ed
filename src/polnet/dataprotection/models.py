"""The app's models live in its parts; Django finds them through this module."""

from __future__ import annotations

from polnet.dataprotection.console.models import *  # noqa: F403
from polnet.dataprotection.requests.models import *  # noqa: F403
