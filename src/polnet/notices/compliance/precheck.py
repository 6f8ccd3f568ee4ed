"""The automated pre-check of a request: findings for the reviewer, never a refusal by itself.

Four families of finding:
- ``missing``: content the kind requires is absent;
- ``minimum``: a Red notice below the minimum criteria (an offence punishable by less
  than two years, or less than six months of a sentence left to serve);
- ``article3``: the charge or the facts contain a term from the maintained list that points
  to a political, military, religious or racial matter;
- ``link_restricted``: a linked record is shared more narrowly than the notice (or its
  public extract) would show it, or its handling code limits passing it on.

Findings are stored on the notice as plain data (code, field, parameters) and put into
words in the reader's language when shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from polnet.core.kinds import singular
from polnet.notices.compliance import linked
from polnet.notices.compliance.textmatch import compile_term, excerpt, words
from polnet.notices.kinds import NoticeKind, SubjectType, spec_for
from polnet.notices.models import ArrestWarrant, Article3Term, ExtractStatus, Notice, TermCategory
from polnet.records.models import Record

MIN_PENALTY_MONTHS = 24
MIN_REMAINING_MONTHS = 6

Finding = dict[str, Any]

# What each required piece of content is called, for the message.
CONTENT_LABELS = {
    "facts": gettext_lazy("a summary of the facts"),
    "names": gettext_lazy("the name of the person or entity"),
    "date_of_birth": gettext_lazy("the date of birth"),
    "subject_description": gettext_lazy("a description of the object, event, method or entity"),
    "warrants": gettext_lazy("an arrest warrant or judicial decision"),
    "warrant.charge": gettext_lazy("the charge"),
    "warrant.law": gettext_lazy("the law that makes it an offence"),
    "warrant.max_penalty_months": gettext_lazy("the maximum penalty"),
    "warrant.remaining_sentence_months": gettext_lazy("the sentence left to serve"),
    "details.disappearance_date": gettext_lazy("the date of disappearance"),
    "details.disappearance_place": gettext_lazy("the place of disappearance"),
    "details.found_date": gettext_lazy("the date the body was found"),
    "details.found_place": gettext_lazy("the place the body was found"),
    "details.body_description": gettext_lazy("a description of the body"),
    "details.information_sought": gettext_lazy("the information sought"),
    "details.criminal_history": gettext_lazy("the person's criminal history"),
    "details.threat": gettext_lazy("a description of the threat"),
    "details.modus_operandi": gettext_lazy("the modus operandi"),
    "details.assets": gettext_lazy("the assets to trace"),
    "details.un_reference": gettext_lazy("the UN sanctions list reference"),
    "details.sanctions_committee": gettext_lazy("the sanctions committee"),
}

# The kind's own required details, beyond what every notice of its subject needs.
REQUIRED_DETAILS: dict[str, tuple[str, ...]] = {
    NoticeKind.YELLOW: ("disappearance_date", "disappearance_place"),
    NoticeKind.BLACK: ("found_date", "found_place", "body_description"),
    NoticeKind.BLUE: ("information_sought",),
    NoticeKind.GREEN: ("criminal_history",),
    NoticeKind.ORANGE: ("threat",),
    NoticeKind.PURPLE: ("modus_operandi",),
    NoticeKind.SILVER: ("assets",),
    NoticeKind.UN: ("un_reference", "sanctions_committee"),
}


def _missing(field: str, **params: Any) -> Finding:
    return {"code": "missing", "field": field, "params": params}


def _content_findings(notice: Notice, warrants: list[ArrestWarrant], names: int) -> Iterator[Finding]:
    spec = spec_for(notice.kind)
    if not notice.facts.strip():
        yield _missing("facts")
    if spec.needs_name and notice.subject_type in (SubjectType.PERSON, SubjectType.ENTITY) and not names:
        yield _missing("names")
    if notice.kind == NoticeKind.YELLOW and not names and not notice.distinguishing_marks.strip():
        yield _missing("names")  # an unnamed person must at least be described
    described = notice.subject_type in (SubjectType.OBJECT, SubjectType.EVENT, SubjectType.METHOD)
    if described and not notice.subject_description.strip():
        yield _missing("subject_description")
    if notice.kind == NoticeKind.RED:
        yield from _red_findings(notice, warrants)
    details = notice.details or {}
    for key in REQUIRED_DETAILS.get(notice.kind, ()):
        if details.get(key) in (None, "", []):
            yield _missing(f"details.{key}")


def _red_findings(notice: Notice, warrants: list[ArrestWarrant]) -> Iterator[Finding]:
    """A red notice needs a date of birth and warrants that state charge, law and penalty."""
    if notice.dob_year is None:
        yield _missing("date_of_birth")
    if not warrants:
        yield _missing("warrants")
    for n, w in enumerate(warrants, start=1):
        if not w.charge.strip():
            yield _missing("warrant.charge", warrant=n)
        if not w.law.strip():
            yield _missing("warrant.law", warrant=n)
        if w.convicted and w.remaining_sentence_months is None:
            yield _missing("warrant.remaining_sentence_months", warrant=n)
        if not w.convicted and w.max_penalty_months is None:
            yield _missing("warrant.max_penalty_months", warrant=n)


def _minimum_findings(warrants: list[ArrestWarrant]) -> Iterator[Finding]:
    for n, w in enumerate(warrants, start=1):
        if w.convicted:
            if w.remaining_sentence_months is not None and w.remaining_sentence_months < MIN_REMAINING_MONTHS:
                yield {
                    "code": "minimum_sentence",
                    "field": "warrant.remaining_sentence_months",
                    "params": {
                        "warrant": n,
                        "months": w.remaining_sentence_months,
                        "minimum": MIN_REMAINING_MONTHS,
                    },
                }
        elif w.max_penalty_months is not None and w.max_penalty_months < MIN_PENALTY_MONTHS:
            yield {
                "code": "minimum_penalty",
                "field": "warrant.max_penalty_months",
                "params": {"warrant": n, "months": w.max_penalty_months, "minimum": MIN_PENALTY_MONTHS},
            }


def scanned_texts(notice: Notice, warrants: list[ArrestWarrant]) -> Iterator[tuple[str, str]]:
    """(field, text) for everything that states the charge or the facts, in any language."""
    yield "facts", notice.facts
    yield "subject_description", notice.subject_description
    for n, w in enumerate(warrants, start=1):
        yield f"warrants.{n}.charge", w.charge
        yield f"warrants.{n}.charge_translation", w.charge_translation
        yield f"warrants.{n}.law", w.law
    for key, value in (notice.details or {}).items():
        if isinstance(value, str):
            yield f"details.{key}", value
        elif isinstance(value, list):
            for i, item in enumerate(value, start=1):
                if isinstance(item, dict):
                    yield f"details.{key}.{i}", " ".join(str(v) for v in item.values() if isinstance(v, str))


def article3_findings(texts: Iterable[tuple[str, str]], terms: Iterable[Article3Term]) -> list[Finding]:
    """Every listed term found, once per field; terms of all four languages are tried on every
    text, since a charge and its translation need not be in the notice's language."""
    compiled = [(t, compile_term(t.term)) for t in terms]
    found: list[Finding] = []
    for field, text in texts:
        if not text or not text.strip():
            continue
        text_words = words(text)
        for term, pattern in compiled:
            start = pattern.find(text_words)
            if start is not None:
                found.append(
                    {
                        "code": "article3",
                        "field": field,
                        "params": {
                            "term": term.term,
                            "language": term.language,
                            "category": term.category,
                            "excerpt": excerpt(text_words, start),
                        },
                    }
                )
    return found


def linked_records(notice: Notice) -> list[Record]:
    """Every record the notice links, whoever may read it: the check is the system's."""
    found: list[Record] = []
    for name in ("persons", "documents", "vehicles", "firearms"):
        found += list(getattr(notice, name).prefetch_related("listed_countries"))
    return found


def link_findings(notice: Notice) -> list[Finding]:
    extract = notice.extract_status in (ExtractStatus.REQUESTED, ExtractStatus.APPROVED)
    return list(linked.findings(notice, linked_records(notice), extract=extract))


def with_link_findings(notice: Notice) -> list[Finding]:
    """The stored findings with the link findings made again (after a public extract is asked)."""
    kept = [f for f in notice.precheck or [] if f.get("code") != "link_restricted"]
    return kept + link_findings(notice)


def run(notice: Notice) -> list[Finding]:
    warrants = list(notice.warrants.all())
    names = notice.names.count()
    findings = list(_content_findings(notice, warrants, names))
    if notice.kind == NoticeKind.RED:
        findings += _minimum_findings(warrants)
    findings += article3_findings(scanned_texts(notice, warrants), Article3Term.objects.filter(active=True))
    return findings + link_findings(notice)


def run_addendum(notice: Notice, warrants: list[ArrestWarrant], information: str) -> list[Finding]:
    """The pre-check of an addendum: what it adds, read as a request's content is. Warrants added
    to a Red notice must state charge, law and penalty and meet the minimum criteria; every text
    is scanned for Article 3 terms."""
    findings: list[Finding] = []
    if notice.kind == NoticeKind.RED and warrants:
        findings += [f for f in _red_findings(notice, warrants) if f["field"] != "date_of_birth"]
        findings += _minimum_findings(warrants)
    texts: list[tuple[str, str]] = [("information", information)]
    for n, w in enumerate(warrants, start=1):
        texts += [
            (f"warrants.{n}.charge", w.charge),
            (f"warrants.{n}.charge_translation", w.charge_translation),
            (f"warrants.{n}.law", w.law),
        ]
    return findings + article3_findings(texts, Article3Term.objects.filter(active=True))


def describe(finding: Finding) -> str:
    """The finding in the reader's language."""
    params = finding.get("params", {})
    code = finding.get("code")
    if code == "missing":
        what = CONTENT_LABELS.get(finding.get("field", ""), finding.get("field", ""))
        if "warrant" in params:
            return gettext("Missing: %(what)s (warrant %(n)s).") % {"what": what, "n": params["warrant"]}
        return gettext("Missing: %(what)s.") % {"what": what}
    if code == "minimum_penalty":
        return gettext(
            "Below the Red notice minimum: warrant %(n)s concerns an offence punishable by at most "
            "%(months)s months; at least %(minimum)s are required."
        ) % {"n": params["warrant"], "months": params["months"], "minimum": params["minimum"]}
    if code == "minimum_sentence":
        return gettext(
            "Below the Red notice minimum: warrant %(n)s leaves %(months)s months of sentence to serve; "
            "at least %(minimum)s are required."
        ) % {"n": params["warrant"], "months": params["months"], "minimum": params["minimum"]}
    if code == "article3":
        try:
            category = str(TermCategory(params["category"]).label).lower()
        except ValueError:
            category = params.get("category", "")
        return gettext("Article 3 risk (%(category)s): “%(term)s” found in %(field)s: …%(excerpt)s…") % {
            "category": category,
            "term": params["term"],
            "field": finding["field"],
            "excerpt": params["excerpt"],
        }
    if code == "link_restricted":
        return _describe_link(params)
    return str(code)


def _describe_link(params: dict[str, Any]) -> str:
    what = {"kind": singular(params["kind"]), "record": params["record"], "code": params.get("handling", "")}
    messages = {
        "restriction": gettext(
            "The linked record %(kind)s %(record)s is shared with fewer countries than this notice."
        ),
        "bureau_only": gettext(
            "The linked record %(kind)s %(record)s is for bureaus only; this notice also reaches their units."
        ),
        "handling": gettext(
            "The linked record %(kind)s %(record)s has handling code %(code)s: "
            "check that it may be passed on."
        ),
        "extract": gettext(
            "The linked record %(kind)s %(record)s is restricted: a public extract would publish it."
        ),
    }
    return messages.get(params.get("reason", ""), messages["restriction"]) % what


def summary(findings: list[Finding]) -> dict[str, int]:
    out = {"missing": 0, "minimum": 0, "article3": 0, "link_restricted": 0}
    for f in findings:
        code = f.get("code", "")
        key = "minimum" if code.startswith("minimum") else code
        if key in out:
            out[key] += 1
    return out
