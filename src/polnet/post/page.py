"""The HTML of the post's local page. Every value is escaped here, translations included.

No script and no inline style (the page's content policy forbids both): one stylesheet,
served by the page itself (`static/post.css`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from polnet.post import messages
from polnet.post.check import ADVICE, EXPIRED, LocalResult
from polnet.post.i18n import LANGUAGES, N_, RTL, Catalog
from polnet.post.store import NOTICE


def e(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass
class State:
    """What the page says about the post, read under the app's lock."""

    unit: int | None = None
    bureau: str = ""
    server: str = ""
    manifest: dict[str, Any] | None = None
    expired: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    hits: list[dict[str, Any]] = field(default_factory=list)
    queued: int = 0


@dataclass
class View:
    language: str
    cat: Catalog
    csrf: str
    state: State
    can_sync: bool = False
    results: list[LocalResult] = field(default_factory=list)
    error: str = ""  # what was wrong with the request, already in the reader's language
    notice: str = ""  # the outcome of a sync
    kind: str = ""  # the form sent, refilled when it was refused
    values: dict[str, str] = field(default_factory=dict)


def when(iso: str) -> str:
    """A stored UTC time as the page shows it; the raw text if it is not a time."""
    try:
        moment = datetime.fromisoformat(iso).astimezone(UTC)
    except ValueError:
        return e(iso)
    return f'<time datetime="{e(moment.isoformat())}" dir="ltr">{moment:%Y-%m-%d %H:%M} UTC</time>'


def layout(language: str, cat: Catalog, title: str, body: str) -> str:
    t = cat.gettext
    links = "".join(
        f'<a href="/?lang={code}" hreflang="{code}" lang="{code}"'
        + (' aria-current="true"' if code == language else "")
        + f">{e(name)}</a>"
        for code, name in LANGUAGES.items()
    )
    return (
        f'<!doctype html>\n<html lang="{e(language)}" dir="{"rtl" if language in RTL else "ltr"}">'
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)}</title><link rel="stylesheet" href="/static/post.css"></head><body>'
        f'<header class="top"><p class="brand">polnet · {e(t("Border post"))}</p>'
        f'<nav class="lang" aria-label="{e(t("Language"))}">{links}</nav></header>'
        f'<main id="main">{body}</main></body></html>'
    )


def error_page(language: str, cat: Catalog, message: str) -> str:
    t = cat.gettext
    body = (
        f"<h1>{e(t('This request was refused'))}</h1>"
        f'<p class="banner error" role="alert">{e(message)}</p>'
        f'<p><a href="/">{e(t("Back to the checks"))}</a></p>'
    )
    return layout(language, cat, t("This request was refused"), body)


def home(v: View) -> str:
    t = v.cat.gettext
    parts = [f"<h1>{e(t('Border post checks'))}</h1>", _banners(v)]
    if v.error:
        parts.append(f'<p class="banner error" role="alert" id="error">{e(v.error)}</p>')
    if v.notice:
        parts.append(f'<p class="banner ok" role="status" id="notice">{e(v.notice)}</p>')
    if v.results:
        parts.append(_results(v))
    if v.state.manifest is not None:
        parts.append(_checks(v))
    parts += [_state(v), _queue(v)]
    return layout(v.language, v.cat, t("Border post checks"), "".join(parts))


def _section(ident: str, title: str, inner: str) -> str:
    heading = f'<h2 id="{ident}-h">{e(title)}</h2>'
    return f'<section id="{ident}" aria-labelledby="{ident}-h">{heading}{inner}</section>'


NOT_INITIALISED = N_("This post trusts no bureau key yet: it cannot check.")
INIT_FIRST = N_(
    "Run 'polnet post init' with the key and fingerprint your bureau gave you, then "
    "'polnet post apply' with its package, and open this page again."
)
NO_PACKAGE = N_("This post holds no package yet: it cannot check.")
APPLY_FIRST = N_("Copy your bureau's full package to this machine, run 'polnet post apply FILE', and reload.")
RENEW = N_("Apply the new package with 'polnet post apply FILE', then reload this page.")
NO_HIT = N_("No hit: nothing in this post's package matches.")
NO_SERVER = N_("This post knows no server address: run init with --server.")
NO_TOKEN = N_(
    "To upload from this page, start it with POLNET_POST_TOKEN set to a token of one of the unit's "
    "accounts (screening scope); or run 'polnet post sync'."
)


def _banners(v: View) -> str:
    t, s = v.cat.gettext, v.state
    if s.unit is None:
        what, todo = e(t(NOT_INITIALISED)), e(t(INIT_FIRST))
    elif s.manifest is None:
        what, todo = e(t(NO_PACKAGE)), e(t(APPLY_FIRST))
    elif s.expired:
        what, todo = e(t(EXPIRED)) % {"expires": when(s.manifest["expires_at"])}, e(t(RENEW))
    else:
        return ""
    ident = "expired" if s.manifest else "no-package"
    return f'<div class="banner warn" role="alert" id="{ident}"><p>{what}</p><p>{todo}</p></div>'


def _results(v: View) -> str:
    t = v.cat.gettext
    out = []
    for r in v.results:
        kind = e(messages.kind(r.kind).render(v.cat))
        out.append(f'<div class="answer {"hit" if r.hit else "nohit"}"><h3>{kind}</h3>')
        if not r.hit:
            out.append(f'<p class="verdict">{e(t(NO_HIT))}</p>')
        elif not r.disclosed:  # a hit / no hit unit: the advice and the local ids, never more
            out.append(f'<p class="verdict">{e(t("Hit: contact your bureau."))}</p><p>{e(t(ADVICE))}</p>')
            out += [_hit_id(t, h["hit_id"]) for h in r.hits]
        else:
            out.append(f'<p class="verdict">{e(t("Hit"))}</p><ul class="found">')
            out += [_found(v, h) for h in r.hits]
            out.append("</ul>")
        out += [f'<p class="warning">{e(w.render(v.cat))}</p>' for w in r.warnings]
        out.append("</div>")
    return _section("result", t("Result"), "".join(out))


def _found(v: View, h: dict[str, Any]) -> str:
    """A full unit's hit: its owner and the action asked, and for a notice's subject the notice's
    reference and type, as the command line shows them."""
    t = v.cat.gettext
    action = messages.action(h["action"]).render(v.cat) if h["action"] else t("None given")
    facts = []
    if h.get("kind") == NOTICE:
        label = h.get("notice") or {}
        kind = messages.notice_type(label.get("kind", ""), label.get("channel", "")).render(v.cat)
        facts += [
            (t("Notice"), f'<bdi dir="ltr">{e(label.get("reference") or "-")}</bdi>'),
            (t("Type"), e(kind) if label else "-"),
        ]
        owner = h["owner_country"] or t("General Secretariat")  # a notice of the secretariat's own
    else:
        owner = h["owner_country"] or "-"
    facts += [(t("Owner"), e(owner)), (t("Action asked"), e(action))]
    rows = "".join(f"<dt>{e(name)}</dt><dd>{value}</dd>" for name, value in facts)
    return f"<li><dl>{rows}</dl>{_hit_id(t, h['hit_id'])}</li>"


def _hit_id(t: Any, hit_id: str) -> str:
    return f'<p class="hit-id">{e(t("Local hit id"))}: <code dir="ltr">{e(hit_id)}</code></p>'


# Each check's fields: (name, label, hint, written left to right); every form adds a location.
FORMS: dict[str, list[tuple[str, str, str, bool]]] = {
    "person": [
        ("name", N_("Name"), "", False),
        ("dob", N_("Date of birth"), N_("YYYY-MM-DD, YYYY-MM or YYYY"), True),
    ],
    "document": [
        ("number", N_("Document number"), "", True),
        ("country", N_("Issuing country"), N_("For example FR or FRA"), True),
    ],
    "mrz": [
        ("mrz", N_("Machine-readable zone"), N_("Paste the whole zone, one line under the other."), True)
    ],
    "vehicle": [
        ("vin", N_("VIN"), "", True),
        ("plate", N_("Number plate"), N_("A VIN or a plate, or both."), True),
    ],
    "firearm": [("serial", N_("Serial number"), "", True)],
}
LOCATION = ("location", N_("Location (optional)"), "", False)
# The record kind each form screens (the zone's document; its holder too when the unit may).
FORM_KINDS = {
    "person": "person",
    "document": "document",
    "mrz": "document",
    "vehicle": "vehicle",
    "firearm": "firearm",
}
TITLES = {"mrz": N_("Passport or identity card (MRZ)")}


def _checks(v: View) -> str:
    kinds = (v.state.manifest or {}).get("kinds", ())
    forms = "".join(_form(v, name) for name, kind in FORM_KINDS.items() if kind in kinds)
    return _section("checks", v.cat.gettext("Checks"), f'<div class="forms">{forms}</div>')


def _control(ident: str, name: str, value: str, ltr: bool, described: str) -> str:
    attrs = f'id="{ident}" name="{name}" spellcheck="false" dir="{"ltr" if ltr else "auto"}"{described}'
    if name == "mrz":
        return f'<textarea {attrs} rows="3" wrap="off">{e(value)}</textarea>'
    return f'<input {attrs} value="{e(value)}" autocomplete="off">'


def _form(v: View, name: str) -> str:
    t = v.cat.gettext
    title = t(TITLES[name]) if name in TITLES else messages.kind(name).render(v.cat)
    values = v.values if v.kind == name else {}
    fields = []
    for field_name, label, hint, ltr in [*FORMS[name], LOCATION]:
        ident = f"{name}-{field_name}"
        described = f' aria-describedby="{ident}-hint"' if hint else ""
        hint_html = f'<span class="hint" id="{ident}-hint">{e(t(hint))}</span>' if hint else ""
        control = _control(ident, field_name, values.get(field_name, ""), ltr, described)
        fields.append(f'<label for="{ident}">{e(t(label))}</label>{hint_html}{control}')
    return (
        f'<form method="post" action="/check" class="check" id="check-{name}"><h3>{e(title)}</h3>'
        f'<input type="hidden" name="csrf" value="{e(v.csrf)}">'
        f'<input type="hidden" name="kind" value="{name}">'
        f'{"".join(fields)}<button type="submit">{e(t("Check"))}</button></form>'
    )


def _state(v: View) -> str:
    t, s = v.cat.gettext, v.state
    rows = []
    if s.unit is not None:
        rows += [(t("Unit"), e(s.unit)), (t("Bureau"), e(s.bureau))]
    m = s.manifest
    if m is not None:
        answers = t("Owner and asked action") if m["result_level"] == "full" else t("Hit / no hit only")
        held = "".join(
            f"<li>{e(t(HELD) if k == NOTICE else messages.kind(k).render(v.cat))}: {n}</li>"
            for k, n in sorted(s.counts.items())
        )
        rows.append((t("Package version"), e(m["version"])))
        if m.get("notice_version") is not None:  # a format 1 package has none
            rows.append((t("Notices' version"), e(m["notice_version"])))
        rows += [
            (t("Created"), when(m["created_at"])),
            (t("Expires"), when(m["expires_at"])),
            (t("Answers"), e(answers)),
            (t("Records held"), f'<ul class="counts">{held}</ul>' if held else "0"),
        ]
    facts = "".join(f"<dt>{e(k)}</dt><dd>{val}</dd>" for k, val in rows)
    return _section("state", t("This post"), f'<dl class="facts">{facts}</dl>')


HELD = N_("Subjects of notices")


def _queue(v: View) -> str:
    t, s = v.cat.gettext, v.state
    disclosed = s.manifest is not None and s.manifest["result_level"] == "full"
    queued = v.cat.ngettext("%(count)s hit waits for upload.", "%(count)s hits wait for upload.", s.queued)
    out = [f'<p id="queued">{e(queued % {"count": s.queued})}</p>']
    if s.hits:
        out.append('<ol class="hits">')
        for h in s.hits:
            state = "uploaded" if h["uploaded"] else "queued"
            status = e(t("Uploaded") if h["uploaded"] else t("Queued"))
            kind = e(messages.hit_kind(h["kind"], disclosed).render(v.cat))
            where = f' <span class="where">{e(h["location"])}</span>' if h["location"] else ""
            out.append(
                f'<li class="{state}"><span class="status">{status}</span> {when(h["at"])} '
                f'<span class="kind">{kind}</span>{where} <code dir="ltr">{e(h["id"])}</code></li>'
            )
        out.append("</ol>")
    else:
        out.append(f"<p>{e(t('No hit yet.'))}</p>")
    out.append(_sync(v))
    return _section("queue", t("Hits"), "".join(out))


def _sync(v: View) -> str:
    t = v.cat.gettext
    if not v.state.server:
        return f'<p class="hint">{e(t(NO_SERVER))}</p>'
    if not v.can_sync:
        return f'<p class="hint">{e(t(NO_TOKEN))}</p>'
    return (
        f'<form method="post" action="/sync" id="sync"><input type="hidden" name="csrf" value="{e(v.csrf)}">'
        f'<button type="submit">{e(t("Upload the queued hits"))}</button></form>'
    )
