"""A published notice's versions: what members saw from each moment on, and what changed.

Version 1 is the content at publication (or when a diffusion was sent); each approved
addendum makes the next. The content is kept as plain data so an old version reads the same
after later addenda changed the notice.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from polnet.notices.models import Addendum, Notice, NoticeVersion
from polnet.notices.output import warrant_out
from polnet.records.names import names_out


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def content_of(notice: Notice) -> dict[str, Any]:
    """What a version keeps: the names, warrants, added information and images."""
    information = [
        {"addendum": a.pk, "text": a.information}
        for a in notice.addenda.filter(state="approved").exclude(information="").order_by("id")
    ]
    return {
        "names": names_out(notice.names.all()),
        "warrants": [{k: _plain(v) for k, v in warrant_out(w).items()} for w in notice.warrants.all()],
        "information": information,
        "images": [{"id": i.pk, "caption": i.caption} for i in notice.images.all()],
    }


def record(
    notice: Notice, act: str, *, addendum: Addendum | None = None, changes: list[dict[str, Any]] | None = None
) -> NoticeVersion:
    """The next version, in the caller's transaction (the notice row is locked by the caller)."""
    last = notice.versions.aggregate(m=Max("number"))["m"] or 0
    return NoticeVersion.objects.create(
        notice=notice,
        number=last + 1,
        act=act,
        addendum=addendum,
        changes=changes or [],
        content=content_of(notice),
    )


def ensure_first(notice: Notice) -> None:
    """A notice published before versions were kept gets its version 1 as it stands now."""
    if not notice.versions.exists():
        record(notice, "send" if notice.is_diffusion else "publish")


def versions_of(notice: Notice) -> list[NoticeVersion]:
    """Newest first: what the page and the API show (the caller checked who may read)."""
    return list(notice.versions.order_by("-number"))
