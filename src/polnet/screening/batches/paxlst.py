"""Reading an airline's passenger list sent as a UN/EDIFACT PAXLST message (directory D02B,
as the WCO/IATA/ICAO API implementation guide lays it out).

The interchange is split into segments by pydifact; this module reads the guide's groups:
the flight (TDT, with its LOC 125/87 and DTM 189/232), then one group per traveller (NAD+FL
for a passenger, NAD+FM for a crew member) with ATT (sex), DTM+329 (date of birth), NAT+2
(nationality), RFF+AVF (booking) and DOC with its DTM+36 (expiry) and LOC+91 (issuing
country). Each traveller becomes the row a CSV list gives, with the flight and its date.

A message is read whole before any row is kept: a segment that is not as the guide says is
refused naming its number in the file (from 1, the UNA advice included) and its tag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from pydifact.exceptions import EDISyntaxError
from pydifact.parser import Parser
from pydifact.segments import Segment, SegmentFactory

from polnet.core.errors import InvalidInput, lazy_message

MEDIA_TYPES = ("application/edifact", "application/edi-x12", "paxlst", "edifact")
EXTENSIONS = (".edi", ".edifact", ".paxlst")
PASSENGER_LIST, CREW_LIST = "745", "250"
TRAVELLER_ROLES = ("FL", "FM")  # NAD 3035: passenger, crew member
MAX_SEGMENTS = 20_000_000  # a 200 MB file holds no more
# EDIFACT syntax levels whose text is not UTF-8: UNOA/UNOB are ASCII, UNOC-UNOK Latin-n.
_LATIN = ("UNOC", "UNOD", "UNOE", "UNOF")


def is_paxlst(content: bytes, content_type: str = "", filename: str = "") -> bool:
    """Whether a list is sent as EDIFACT: by its media type, its file name, or its first
    segment (an interchange starts with the UNA advice or the UNB header)."""
    kind, name = content_type.lower(), filename.lower()
    if any(t in kind for t in MEDIA_TYPES) or name.endswith(EXTENSIONS):
        return True
    start = content[:16].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"UNA", b"UNB+"))


class _Segments(SegmentFactory):
    """pydifact's segments, without its check against directory files it does not ship (which
    only warns): the guide's rules are read here, segment by segment."""

    @staticmethod
    def create_segment(name: str, *elements: Any, validate: bool = True, **kwargs: Any) -> Segment:
        return SegmentFactory.create_segment(name, *elements, validate=False, **kwargs)


@dataclass
class _Flight:
    number: str = ""
    date: str = ""


@dataclass
class _Traveller:
    segment: int
    row: dict[str, str] = field(default_factory=dict)
    in_document: bool = False


def _refuse(segment: int, tag: str, reason: Any) -> InvalidInput:
    """A refusal of the whole message; one code, the segment and the reason say what is wrong."""
    message = _("The PAXLST message is refused at segment %(segment)s (%(tag)s): %(reason)s")
    return InvalidInput(message, code="paxlst_refused", field="file", segment=segment, tag=tag, reason=reason)


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if any(level.encode() in content[:200] for level in _LATIN):
            return content.decode("latin-1")
        line = content.count(b"\n", 0, exc.start) + 1
        message = _("The %(kind)s file must be UTF-8: line %(line)s is not.")
        raise InvalidInput(message, code="batch_not_utf8", field="file", kind="PAXLST", line=line) from None


def _component(element: Any, index: int = 0) -> str:
    """One component of a data element: pydifact gives a composite as a list, a simple one as text."""
    if element is None:
        return ""
    if isinstance(element, list):
        value = element[index] if index < len(element) else ""
        return str(value or "").strip()
    return str(element).strip() if index == 0 else ""


def _element(elements: list[Any], index: int, part: int = 0) -> str:
    return _component(elements[index], part) if index < len(elements) else ""


def _date(value: str, segment: int, tag: str, *, past: bool) -> str:
    """An EDIFACT date (YYMMDD, CCYYMMDD or either with a time after it) as YYYY-MM-DD. A two-digit
    year of a date of birth is in the past; any other's is in this century."""
    digits = value[:8] if len(value) in (8, 12) and value[:2] in ("19", "20") else value[:6]
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise _refuse(segment, tag, lazy_message(_("date %(date)s is not a date"), {"date": value}))
    if len(digits) == 6:
        this_year = dt.date.today().year % 100
        century = "19" if past and int(digits[:2]) > this_year else "20"
        digits = century + digits
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        raise _refuse(segment, tag, lazy_message(_("date %(date)s is not a date"), {"date": value})) from None


class _Reader:
    """Walks the segments of one interchange, keeping the flight and the traveller being read."""

    def __init__(self) -> None:
        self.flight = _Flight()
        self.traveller: _Traveller | None = None
        self.in_message = False
        self.message_segments = 0
        self.travellers_in_message = 0
        self.messages = 0
        self.saw_header = False
        self.done = False

    def read(self, text: str) -> Iterator[tuple[int, dict[str, str]]]:
        number, tag = 0, ""
        try:
            for segment in Parser(factory=_Segments()).parse(text):
                number, tag = number + 1, segment.tag
                if number > MAX_SEGMENTS:
                    raise _refuse(number, tag, _("the message is too long; split the list"))
                yield from self._segment(number, tag, list(segment.elements))
        except EDISyntaxError as exc:
            reason = str(exc).removeprefix("EDIFACT Syntax Error: ")
            raise _refuse(number + 1, "?", reason) from None
        except (IndexError, TypeError, AttributeError):  # a UNB header pydifact cannot read
            raise _refuse(number + 1, "?", _("the segment cannot be read")) from None
        if not self.done:
            where = number or 1
            raise _refuse(where, tag or "?", _("the message ends before its UNZ trailer"))

    def _header(self, n: int, tag: str) -> None:
        if tag == "UNB":
            self.saw_header = True
        elif tag != "UNA":
            raise _refuse(n, tag, _("an interchange starts with UNA or UNB"))

    def _segment(self, n: int, tag: str, el: list[Any]) -> Iterator[tuple[int, dict[str, str]]]:
        if self.done:
            raise _refuse(n, tag, _("a segment follows the UNZ trailer"))
        if not self.saw_header:
            self._header(n, tag)
            return
        if self.in_message:
            self.message_segments += 1
        if tag == "UNH":
            yield from self._start_message(n, tag, el)
        elif tag == "UNT":
            yield from self._end_message(n, tag, el)
        elif tag == "UNZ":
            if self.in_message:
                raise _refuse(n, tag, _("the message has no UNT trailer"))
            if not self.messages:
                raise _refuse(n, tag, _("the interchange holds no PAXLST message"))
            self.done = True
        elif tag in ("UNG", "UNE"):
            return
        elif not self.in_message:
            raise _refuse(n, tag, _("a segment outside any message (UNH … UNT)"))
        else:
            yield from self._body(n, tag, el)

    def _start_message(self, n: int, tag: str, el: list[Any]) -> Iterator[tuple[int, dict[str, str]]]:
        if self.in_message:
            raise _refuse(n, tag, _("the previous message has no UNT trailer"))
        kind = _element(el, 1, 0)
        if kind != "PAXLST":
            reason = lazy_message(_("this is a %(kind)s message, not PAXLST"), {"kind": kind or "?"})
            raise _refuse(n, tag, reason)
        self.in_message, self.message_segments, self.travellers_in_message = True, 1, 0
        self.flight = _Flight()
        return iter(())

    def _end_message(self, n: int, tag: str, el: list[Any]) -> Iterator[tuple[int, dict[str, str]]]:
        if not self.in_message:
            raise _refuse(n, tag, _("a UNT trailer without its UNH header"))
        yield from self._close_traveller()
        stated = _element(el, 0)
        if stated != str(self.message_segments):
            reason = lazy_message(
                _("the trailer counts %(stated)s segments, the message has %(counted)s"),
                {"stated": stated or "?", "counted": self.message_segments},
            )
            raise _refuse(n, tag, reason)
        self.in_message, self.messages = False, self.messages + 1

    def _body(self, n: int, tag: str, el: list[Any]) -> Iterator[tuple[int, dict[str, str]]]:
        qualifier = _element(el, 0)
        if tag == "BGM" and qualifier not in (PASSENGER_LIST, CREW_LIST):
            reason = lazy_message(
                _("document %(code)s is neither a passenger list (745) nor a crew list (250)"),
                {"code": qualifier or "?"},
            )
            raise _refuse(n, tag, reason)
        elif tag == "TDT":
            self.flight.number = _element(el, 1)
        elif tag == "NAD" and qualifier in TRAVELLER_ROLES:
            yield from self._close_traveller()
            self._open_traveller(n, el)
        elif tag == "CNT":
            yield from self._close_traveller()
            stated = _element(el, 0, 1)
            if _element(el, 0, 0) == "42" and stated != str(self.travellers_in_message):
                reason = lazy_message(
                    _("the count says %(stated)s travellers, the message has %(counted)s"),
                    {"stated": stated or "?", "counted": self.travellers_in_message},
                )
                raise _refuse(n, tag, reason)
        elif self.traveller is None:
            self._flight_segment(n, tag, qualifier, el)
        else:
            self._traveller_segment(n, tag, qualifier, el)

    def _flight_segment(self, n: int, tag: str, qualifier: str, el: list[Any]) -> None:
        # DTM 189 (departure) wins over 232 (arrival): the flight's date is the day it leaves.
        if tag == "DTM" and _component(el[0], 0) in ("189", "232"):
            when = _date(_component(el[0], 1), n, tag, past=False)
            if _component(el[0], 0) == "189" or not self.flight.date:
                self.flight.date = when

    def _open_traveller(self, n: int, el: list[Any]) -> None:
        family = _element(el, 3, 0)
        names = el[3] if len(el) > 3 and isinstance(el[3], list) else []
        given = " ".join(_component(names, i) for i in range(1, len(names)) if _component(names, i))
        if not family:
            raise _refuse(n, "NAD", _("the traveller has no surname"))
        self.traveller = _Traveller(n, {"family": family, "given": given})
        self.travellers_in_message += 1

    def _traveller_segment(self, n: int, tag: str, qualifier: str, el: list[Any]) -> None:
        t = self.traveller
        assert t is not None
        row = t.row
        if tag == "ATT" and qualifier == "2":
            row["sex"] = _element(el, 2)[:1]
        elif tag == "DTM" and _component(el[0], 0) == "329":
            row["date_of_birth"] = _date(_component(el[0], 1), n, tag, past=True)
        elif tag == "DTM" and _component(el[0], 0) == "36":
            _date(_component(el[0], 1), n, tag, past=False)  # read, so that a bad one is refused
        elif tag == "NAT" and qualifier == "2":
            row["nationality"] = _element(el, 1)
        elif tag == "RFF" and _element(el, 0, 0) == "AVF":
            row["booking"] = _element(el, 0, 1)
        elif tag == "DOC":
            if row.get("document_number"):  # the guide's first document is the one travelled on
                t.in_document = False
                return
            row["document_type"], row["document_number"] = _element(el, 0), _element(el, 1)
            t.in_document = True
        elif tag == "LOC" and qualifier == "91" and t.in_document:
            row["document_country"] = _element(el, 1)
        elif tag == "LOC" and qualifier in ("178", "179"):
            row["embark" if qualifier == "178" else "disembark"] = _element(el, 1)

    def _close_traveller(self) -> Iterator[tuple[int, dict[str, str]]]:
        if self.traveller is not None:
            t, self.traveller = self.traveller, None
            yield t.segment, {**t.row, "flight": self.flight.number, "flight_date": self.flight.date}


def paxlst_rows(content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """Each traveller of a PAXLST interchange, as (the segment number of its NAD, its values)."""
    yield from _Reader().read(_text(content))
