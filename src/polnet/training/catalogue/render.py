"""Lessons' Markdown as safe HTML: no raw HTML is parsed, and what comes out is sanitised again.

A lesson shows its course's files as ``![text](media:<id>)`` (or links to them with
``[text](media:<id>)``); they become the media view's address. A reference to a file of another
course, or to an unknown one, is dropped.
"""

from __future__ import annotations

from collections.abc import Collection

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

# What a lesson may contain once rendered; anything else is stripped by nh3.
TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}


def media_url(media_id: int) -> str:
    return f"/training/media/{media_id}/"


def _resolve(tokens: list[Token], allowed: Collection[int]) -> None:
    for token in tokens:
        if token.children:
            _resolve(token.children, allowed)
        attr = "src" if token.type == "image" else "href" if token.type == "link_open" else ""
        if not attr:
            continue
        target = str(token.attrGet(attr) or "")
        if target.startswith("media:"):
            ident = target.removeprefix("media:")
            ok = ident.isdigit() and int(ident) in allowed
            token.attrSet(attr, media_url(int(ident)) if ok else "")


def render(body: str, media_ids: Collection[int] = ()) -> str:
    """HTML of a lesson whose course holds the files ``media_ids``."""
    env: dict[str, object] = {}
    tokens = _md.parse(body or "", env)
    _resolve(tokens, set(media_ids))
    html = _md.renderer.render(tokens, _md.options, env)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
