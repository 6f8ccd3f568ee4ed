"""ICAO Doc 9303 machine-readable zones: TD1 (3x30), TD2 (2x36), TD3 (2x44), MRV-A/B visas.

Every check digit is verified (weights 7, 3, 1; '<' = 0, A-Z = 10-35); the first
failure raises :class:`MRZError` naming the field, with what was expected and found.
Fields are validated in MRZ order and the composite last, so a damaged field is
reported under its own name rather than as a composite failure.

The 7-3-1 scheme cannot see a substitution whose values differ by a multiple of 10
(0/A/K/U, 1/B/L/V, ..., and '<'/0 as fillers): in alphanumeric fields such a change
passes every check. Date and check-digit positions accept only digits (and whole
'<<' date parts), so there every single substitution is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_WEIGHTS = (7, 3, 1)
_VALID = re.compile(r"[A-Z0-9<]*")
# Filler look-alikes (guillemets, angle brackets, full-width <): common paste artefacts.
_FILLERS = str.maketrans(dict.fromkeys("\u00ab\u2039\u3008\uff1c\ufe64\u27e8", "<"))
_KINDS = {
    "P": "passport",
    "V": "visa",
    "I": "identity_card",
    "A": "travel_document",
    "C": "travel_document",
}
# Expiry years in [reference - 80, reference + 20) get their century from that window.
_EXPIRY_AHEAD = 20


class MRZFormat(StrEnum):
    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRV_A = "MRV-A"
    MRV_B = "MRV-B"


class MRZProblem(StrEnum):
    """Why an MRZ was refused: the stable reason (``MRZError.code``) callers translate by."""

    FORMAT = "mrz_format"  # not 3 lines of 30, 2 of 36 or 2 of 44
    CHARACTER = "mrz_character"  # not A-Z, 0-9 or '<'
    DOCUMENT_CODE = "mrz_document_code"
    CHECK_DIGIT = "mrz_check_digit"
    NUMBER = "mrz_number"  # fillers in the number, a broken long-number continuation
    DATE = "mrz_date"
    STATE = "mrz_state"  # issuing state or nationality not a 3-letter code
    SEX = "mrz_sex"
    NAMES = "mrz_names"


class MRZError(ValueError):
    """An MRZ that does not parse or verify; ``field`` names the failing field, ``code`` the
    reason; the message is English."""

    def __init__(
        self,
        field: str,
        message: str,
        *,
        code: MRZProblem,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.expected, self.found = field, message, expected, found
        self.code = code


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date whose parts may be unknown ('<<' in the MRZ)."""

    year: int | None
    month: int | None
    day: int | None

    def as_date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        y = "????" if self.year is None else f"{self.year:04d}"
        m = "??" if self.month is None else f"{self.month:02d}"
        d = "??" if self.day is None else f"{self.day:02d}"
        return f"{y}-{m}-{d}"


@dataclass(frozen=True, slots=True)
class MRZData:
    format: MRZFormat
    lines: tuple[str, ...]  # the normalised MRZ
    document_code: str  # e.g. "P", "ID", "AC"
    document_kind: str  # passport, identity_card, visa, travel_document
    issuing_state: str  # as printed, fillers removed ("D" for Germany)
    surname: str
    given_names: str
    names_truncated: bool  # the name field is full, so the name may be cut
    document_number: str
    nationality: str
    birth_date: PartialDate
    sex: str | None  # M, F, X, or None for '<'
    expiry_date: date | None
    optional_data: str  # TD3 personal number; TD1 line 1 after any long-number overflow
    optional_data_2: str  # TD1 line 2 only


def check_digit(data: str) -> str:
    """ICAO 9303 check digit of ``data`` (characters A-Z, 0-9, '<')."""
    return str(sum(_VALUES[c] * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def parse_mrz(text: str, *, reference_date: date | None = None) -> MRZData:
    """Parse and verify an MRZ.

    Accepts lower case, stray spaces and blank lines, guillemets for fillers, and
    lines pasted on one line or with their trailing fillers trimmed. Two-digit years
    are resolved against ``reference_date`` (default today): birth dates are never in
    the future, expiry dates fall within 80 years before and 20 after.
    """
    lines = _split(text)
    ref = reference_date or date.today()
    code = lines[0][0:2]
    if code[0] not in _KINDS or not (code[1].isalpha() or code[1] == "<"):
        raise MRZError(
            "document_code", f"expected A, C, I, P or V first, found {code!r}", code=MRZProblem.DOCUMENT_CODE
        )
    if len(lines) == 3:
        if code[0] == "V":
            raise MRZError("document_code", "visas have two lines, not three", code=MRZProblem.DOCUMENT_CODE)
        return _td1(lines, ref)
    return _two_line(lines, ref)


def _split(text: str) -> tuple[str, ...]:
    text = text.upper().translate(_FILLERS)
    raw = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    raw = [line for line in raw if line]
    joined = "".join(raw)
    width = {90: 30, 72: 36, 88: 44}.get(len(joined))
    if width:
        lines = [joined[i : i + width] for i in range(0, len(joined), width)]
    else:
        parts = raw if len(raw) in (2, 3) else text.split()
        # Only lines ending in names or optional data may have lost trailing fillers;
        # line 2 ends with a check digit (except on visas), so it gives the width.
        if len(parts) == 3 and len(parts[1]) == 30:
            width = 30
        elif len(parts) == 2 and len(parts[1]) in (36, 44):
            width = len(parts[1])
        elif len(parts) == 2 and parts[0].startswith("V"):
            width = 44 if max(map(len, parts)) > 36 else 36
        if width is None or max(map(len, parts)) > width:
            sizes = "+".join(str(len(p)) for p in parts) or "0"
            raise MRZError(
                "format",
                f"expected 3 lines of 30 (TD1), 2 of 36 (TD2) or 2 of 44 (TD3), found {sizes} characters",
                code=MRZProblem.FORMAT,
            )
        lines = [p.ljust(width, "<") for p in parts]  # trailing fillers were trimmed
    for n, line in enumerate(lines):
        if not _VALID.fullmatch(line):
            bad = next(i for i, c in enumerate(line) if c not in _VALUES)
            raise MRZError(
                _field_at(lines, n, bad),
                f"line {n + 1} position {bad + 1}: {line[bad]!r} is not A-Z, 0-9 or '<'",
                found=line[bad],
                code=MRZProblem.CHARACTER,
            )
    return tuple(lines)


def _field_at(lines: list[str], n: int, col: int) -> str:
    """Name of the field at line ``n``, column ``col`` (for character errors)."""
    spans: tuple[tuple[int, str], ...]
    if len(lines) == 3:
        spans = (
            ((2, "document_code"), (5, "issuing_state"), (15, "document_number"), (30, "optional_data")),
            (
                (7, "birth_date"),
                (8, "sex"),
                (15, "expiry_date"),
                (18, "nationality"),
                (29, "optional_data_2"),
                (30, "composite"),
            ),
            ((30, "names"),),
        )[n]
    elif n == 0:
        spans = ((2, "document_code"), (5, "issuing_state"), (44, "names"))
    else:
        last = "optional_data" if lines[0][0] == "V" else "composite"
        spans = (
            (10, "document_number"),
            (13, "nationality"),
            (20, "birth_date"),
            (21, "sex"),
            (28, "expiry_date"),
            (len(lines[1]) - 1, "optional_data"),
            (44, last),
        )
    return next(name for end, name in spans if col < end)


def _verify(field: str, data: str, digit: str) -> None:
    expected = check_digit(data)
    if not digit.isdigit():
        raise MRZError(
            field,
            f"check digit must be a digit: expected {expected}, found {digit!r}",
            expected=expected,
            found=digit,
            code=MRZProblem.CHECK_DIGIT,
        )
    if digit != expected:
        raise MRZError(
            field,
            f"check digit over {data!r}: expected {expected}, found {digit}",
            expected=expected,
            found=digit,
            code=MRZProblem.CHECK_DIGIT,
        )


def _number(raw: str, digit: str, overflow: str | None) -> tuple[str, str]:
    """Document number and the rest of the optional field (after a long-number overflow).

    TD1 and TD2: a number longer than 9 characters fills the number field, puts '<' in
    the check digit position and continues in the optional data field, followed by
    its check digit and a filler.
    """
    if digit == "<" and overflow is not None:
        cont = overflow.split("<", 1)[0]
        if len(cont) < 2 or "<" in raw:
            raise MRZError(
                "document_number",
                "check digit position holds '<' but no long-number continuation follows",
                found="<",
                code=MRZProblem.CHECK_DIGIT,
            )
        number = raw + cont[:-1]
        _verify("document_number", number, cont[-1])
        return number, overflow[len(cont) + 1 :]
    number = raw.rstrip("<")
    if not number or "<" in number:
        raise MRZError(
            "document_number", f"fillers inside or instead of the number: {raw!r}", code=MRZProblem.NUMBER
        )
    _verify("document_number", raw, digit)
    return number, overflow or ""


def _date(field: str, raw: str, digit: str, *, partial: bool) -> tuple[int | None, ...]:
    parts: list[int | None] = []
    for i in (0, 2, 4):
        p = raw[i : i + 2]
        if p.isdigit():
            parts.append(int(p))
        elif p == "<<" and partial:
            parts.append(None)
        else:
            hint = " (letter O for zero?)" if "O" in p else ""
            raise MRZError(
                field, f"expected YYMMDD digits, found {raw!r}{hint}", found=raw, code=MRZProblem.DATE
            )
    _verify(field, raw, digit)
    _, month, day = parts
    if month is not None and not 1 <= month <= 12:
        raise MRZError(field, f"month {month:02d} out of range in {raw!r}", found=raw, code=MRZProblem.DATE)
    if day is not None:
        mdays = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[(month or 1) - 1]
        if not 1 <= day <= (mdays if month is not None else 31):
            raise MRZError(field, f"day {day:02d} out of range in {raw!r}", found=raw, code=MRZProblem.DATE)
    return tuple(parts)


def _birth(raw: str, digit: str, ref: date) -> PartialDate:
    yy, month, day = _date("birth_date", raw, digit, partial=True)
    year = None
    if yy is not None:
        year = 2000 + yy
        if (year, month or 1, day or 1) > (ref.year, ref.month, ref.day):
            year -= 100
    if year is not None and month == 2 and day == 29 and year % 4:
        raise MRZError(
            "birth_date", f"29 February in {year}, not a leap year", found=raw, code=MRZProblem.DATE
        )
    return PartialDate(year, month, day)


def _expiry(raw: str, digit: str, ref: date) -> date | None:
    if raw == "<<<<<<":  # no expiry date
        _verify("expiry_date", raw, digit)
        return None
    yy, month, day = _date("expiry_date", raw, digit, partial=False)
    assert yy is not None and month is not None and day is not None
    year = 2000 + yy if 2000 + yy < ref.year + _EXPIRY_AHEAD else 1900 + yy
    try:
        return date(year, month, day)
    except ValueError:
        raise MRZError(
            "expiry_date", f"no such date {raw!r} in {year}", found=raw, code=MRZProblem.DATE
        ) from None


def _state(field: str, raw: str) -> str:
    state = raw.replace("<", "")
    if not state or not state.isalpha() or raw.rstrip("<") != state:
        raise MRZError(field, f"expected a 3-letter code, found {raw!r}", found=raw, code=MRZProblem.STATE)
    return state


def _sex(raw: str) -> str | None:
    if raw not in "MFX<":
        raise MRZError("sex", f"expected M, F, X or '<', found {raw!r}", found=raw, code=MRZProblem.SEX)
    return None if raw == "<" else raw


def _names(raw: str) -> tuple[str, str, bool]:
    if not re.fullmatch(r"[A-Z<]+", raw):
        bad = next(c for c in raw if not (c.isalpha() or c == "<"))
        raise MRZError(
            "names", f"names hold only letters and '<', found {bad!r} in {raw!r}", code=MRZProblem.NAMES
        )
    primary, _, secondary = raw.rstrip("<").partition("<<")
    surname = " ".join(primary.split("<"))
    given = " ".join(p for p in secondary.split("<") if p)
    if not surname:
        raise MRZError("names", f"no primary identifier in {raw!r}", code=MRZProblem.NAMES)
    return surname, given, not raw.endswith("<")


def _td1(lines: tuple[str, ...], ref: date) -> MRZData:
    l1, l2, l3 = lines
    state = _state("issuing_state", l1[2:5])
    number, optional = _number(l1[5:14], l1[14], l1[15:30])
    birth = _birth(l2[0:6], l2[6], ref)
    sex = _sex(l2[7])
    expiry = _expiry(l2[8:14], l2[14], ref)
    nationality = _state("nationality", l2[15:18])
    _verify("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
    surname, given, truncated = _names(l3)
    code = l1[0:2].rstrip("<")
    return MRZData(
        MRZFormat.TD1, lines, code, _KINDS[code[0]], state, surname, given, truncated,
        number, nationality, birth, sex, expiry, optional.strip("<"), l2[18:29].strip("<"),
    )  # fmt: skip


def _two_line(lines: tuple[str, ...], ref: date) -> MRZData:
    l1, l2 = lines
    code = l1[0:2].rstrip("<")
    visa, wide = code[0] == "V", len(l1) == 44
    fmt = {
        (False, True): MRZFormat.TD3,
        (False, False): MRZFormat.TD2,
        (True, True): MRZFormat.MRV_A,
        (True, False): MRZFormat.MRV_B,
    }[(visa, wide)]
    state = _state("issuing_state", l1[2:5])
    surname, given, truncated = _names(l1[5:])
    opt_end = len(l2) if visa else (42 if wide else 35)
    # Only TD2 lets a long number overflow into its optional field.
    overflow = l2[28:opt_end] if fmt is MRZFormat.TD2 else None
    number, optional = _number(l2[0:9], l2[9], overflow)
    nationality = _state("nationality", l2[10:13])
    birth = _birth(l2[13:19], l2[19], ref)
    sex = _sex(l2[20])
    expiry = _expiry(l2[21:27], l2[27], ref)
    if fmt is MRZFormat.TD3:
        optional = l2[28:42]
        # An unused personal number may carry '<' or 0 as its check digit.
        if not (optional == "<" * 14 and l2[42] == "<"):
            _verify("optional_data", optional, l2[42])
    elif visa:
        optional = l2[28:]
    if not visa:
        _verify("composite", l2[0:10] + l2[13:20] + l2[21 : len(l2) - 1], l2[-1])
    return MRZData(
        fmt, lines, code, _KINDS[code[0]], state, surname, given, truncated,
        number, nationality, birth, sex, expiry, optional.strip("<"), "",
    )  # fmt: skip
