"""The graph API's shapes."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field


class NodeOut(Schema):
    key: str = Field(description='"<kind>:<id>", e.g. person:12 or identifier:phone:+33612345678')
    kind: str
    kind_label: str
    label: str
    country: str | None
    date: date | None
    degree: int = Field(description="Linked entities the reader may see, under the filters asked")
    more: int = Field(description="Of those, how many this answer does not show")
    at_least: bool = Field(
        description="True when the count stopped at the ceiling (1,000 links of one kind): "
        "degree and more are then lower bounds"
    )


class EdgeOut(Schema):
    source: str
    target: str
    reason: str = Field(
        description="holder, identifier, named_in_notice, hit_on, hit_at_post, "
        "same_post_day, on_list, co_travellers, same_person, manual"
    )
    label: str = Field(description="The reason in the reader's language")
    note: str
    date: date | None
    link_id: int | None = Field(description="An analyst's link: its number, to remove it")


class GraphOut(Schema):
    found: bool = Field(description="False when no path links the two entities")
    start: list[str]
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = Field(description="The node limit stopped the walk")


class SnapshotNodeOut(Schema):
    key: str
    kind: str
    label: str


class SnapshotEdgeOut(Schema):
    source: str
    target: str
    reason: str
    label: str


class SnapshotOut(Schema):
    nodes: list[SnapshotNodeOut]
    edges: list[SnapshotEdgeOut]


class LinkIn(Schema):
    source: str = Field(max_length=96)
    target: str = Field(max_length=96)
    note: str = Field(max_length=2000)


class GraphLinkOut(Schema):
    id: int
    source: str
    target: str
    reason: str
    note: str
