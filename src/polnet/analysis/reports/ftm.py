"""The report as FollowTheMoney entities, one JSON object a line, as Aleph and yente load them
(`ftm` tools read the same lines). It writes a `ReportView`: only what the reader may see.

- the report itself: an `Article` (title, summary, the text sections as its body, its
  handling code in `notes` and `keywords`);
- each entity shown: a `Person`; a `Passport` or `Identification` (holder: the person, when
  shown); a `Vehicle`; an `Asset` for a firearm or a work of art; a notice as the `Person`
  it names and a `Sanction` (its kind as the programme, its owner as the authority);
- a `Documentation` joining the report to each entity, with the section as its role;
- each edge of a graph snapshot between two entities shown: an `UnknownLink` (its reason
  and label as the role).
Every entity carries the handling code (`notes` on things, `summary` on links). Ids are
stable: the same polnet record gives the same id in every export.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from followthemoney.proxy import EntityProxy

from polnet.analysis.reports.entities import Entity
from polnet.analysis.reports.models import SectionKind
from polnet.analysis.reports.pdf import handling_line
from polnet.analysis.reports.reading import ReportView
from polnet.notices.ftm import add_person as _person
from polnet.notices.ftm import make as _make
from polnet.notices.ftm import notice_entities
from polnet.records.models import Artwork, Firearm, Person, TravelDocument, Vehicle


def _mark(proxy: EntityProxy, handling: str, e: Entity | None = None) -> EntityProxy:
    """The handling code on every entity, and where it comes from."""
    prop = "notes" if proxy.schema.get("notes") is not None else "summary"
    proxy.add(prop, handling)
    if e is not None:
        proxy.add("publisher", f"polnet {e.owner_country or 'secretariat'}")
        proxy.add("recordId", e.key, quiet=True)
        source = f"source evaluation {e.source_code}" if e.source_code else ""
        proxy.add("description", "; ".join(p for p in (e.key, source, e.handling_code) if p), quiet=True)
    return proxy


def _record(e: Entity, handling: str, shown: dict[str, EntityProxy]) -> list[EntityProxy]:
    rec = e.obj
    if isinstance(rec, Person):
        p = _make("Person", e.key)
        _person(p, rec)
        for ident in rec.identifiers or []:
            p.add("idNumber", ident.get("value"), quiet=True)
        return [_mark(p, handling, e)]
    if isinstance(rec, TravelDocument):
        doc = _make("Passport" if rec.kind == "passport" else "Identification", e.key)
        doc.add("number", rec.number)
        doc.add("country", rec.issuing_country_id)
        doc.add("type", rec.get_kind_display())
        holder = shown.get(f"person:{rec.holder_id}") if rec.holder_id else None
        if holder is not None:
            doc.add("holder", holder)
        else:
            # The holder is required: a document shown without its holder names a stand-in.
            stand_in = _mark(_make("Person", e.key, "holder"), handling)
            stand_in.add("name", f"holder of {rec.number}")
            doc.add("holder", stand_in)
            return [_mark(doc, handling, e), stand_in]
        return [_mark(doc, handling, e)]
    if isinstance(rec, Vehicle):
        v = _make("Vehicle", e.key)
        v.add("name", e.label)
        v.add("registrationNumber", rec.plate or None)
        v.add("model", " ".join(p for p in (rec.make, rec.model) if p) or None)
        v.add("country", rec.plate_country_id)
        v.add("buildDate", str(rec.year) if rec.year else None)
        v.add("summary", f"VIN {rec.vin}" if rec.vin else None)
        return [_mark(v, handling, e)]
    if isinstance(rec, Firearm | Artwork):
        a = _make("Asset", e.key)
        a.add("name", e.label)
        a.add("summary", "; ".join(f"{k}: {v}" for k, v in e.details))
        return [_mark(a, handling, e)]
    return []


def _notice(e: Entity, handling: str) -> list[EntityProxy]:
    return [_mark(p, handling, e) for p in notice_entities(e.obj)]


def _article(view: ReportView, handling: str) -> EntityProxy:
    r = view.report
    article = _make("Article", "report", r.pk)
    article.add("title", r.title)
    article.add("name", r.title)
    article.add("summary", r.summary or None)
    body = [p for s in view.sections if s.kind == SectionKind.TEXT for p in s.paragraphs]
    article.add("bodyText", "\n\n".join(body) or None)
    article.add("publisher", f"polnet {r.owner_country_id or 'secretariat'}")
    article.add("publishedAt", r.issued_at.date() if r.issued_at else None)
    article.add("keywords", r.handling_code)
    return _mark(article, handling)


def entities(view: ReportView) -> Iterator[EntityProxy]:
    handling = handling_line(view.report.handling_code)
    article = _article(view, handling)
    yield article
    shown: dict[str, EntityProxy] = {}
    # Persons first: a document names its holder.
    ordered = sorted(view.entities, key=lambda e: e.kind != "person")
    for e in ordered:
        proxies = _notice(e, handling) if e.kind == "notice" else _record(e, handling, shown)
        if proxies:
            shown[e.key] = proxies[0]
        yield from proxies
    roles = {e.key: s.title or str(SectionKind(s.kind).label) for s in view.sections for e in s.entities}
    for key, proxy in shown.items():
        doc = _make("Documentation", "report", view.report.pk, key)
        doc.add("document", article)
        doc.add("entity", proxy)
        doc.add("role", roles.get(key, "source"))
        yield _mark(doc, handling)
    for s in view.sections:
        for edge in (s.graph or {}).get("edges", []):
            a, b = shown.get(edge["source"]), shown.get(edge["target"])
            if a is None or b is None:
                continue
            link = _make(
                "UnknownLink", "report", view.report.pk, edge["source"], edge["target"], edge["reason"]
            )
            link.add("subject", a)
            link.add("object", b)
            link.add("role", edge.get("label") or edge.get("reason") or None)
            yield _mark(link, handling)


def render_ftm(view: ReportView) -> str:
    """JSON lines, one entity a line, ids unique (a later duplicate merges into the first)."""
    merged: dict[str, EntityProxy] = {}
    for proxy in entities(view):
        assert proxy.id is not None
        if proxy.id in merged:
            merged[proxy.id].merge(proxy)
        else:
            merged[proxy.id] = proxy
    return "".join(
        json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for p in merged.values()
    )
