"""Translated labels of the feeds' stored choices (registered with `core.labels`)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polnet.feeds.models import BatchStatus

STATUSES: dict[str, Promise] = {str(v): label for v, label in BatchStatus.choices}
FORMATS: dict[str, Promise] = {
    "csv": _("CSV"),
    "jsonl": _("JSON Lines"),
    "ftm": _("FollowTheMoney"),
}
CHOICES: Mapping[str, Mapping[str, Promise]] = {"import_status": STATUSES, "import_format": FORMATS}
