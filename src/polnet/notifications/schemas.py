"""What the notifications API answers and accepts."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from polnet.core.limits import RowId


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="hit_new, hit_confirmed, sighting, …")
    text: str = Field(description="What happened, in the client's language")
    subject: str = Field(description="What it is about: hit, notice, …")
    subject_id: int
    url: str = Field(description="The page of the subject")
    urgent: bool
    created_at: datetime
    read_at: datetime | None


class InboxOut(Schema):
    unread: int = Field(
        description="Unread notifications, with those about notices (/api/notices/notifications)"
    )
    items: list[NotificationOut]


class ReadIn(Schema):
    ids: list[RowId] | None = Field(
        None, max_length=500, description="The notifications to mark read; absent: all of them"
    )


class ReadOut(Schema):
    marked: int
    unread: int
