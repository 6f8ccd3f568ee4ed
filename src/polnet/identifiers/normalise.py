"""The normalisation every identifier goes through, and the OCR confusions between characters.

Document numbers, VINs, plates and firearm serials are compared after the same steps:
uppercase, separators removed, Cyrillic/Greek look-alike capitals read as Latin.
Identifiers that differ only by characters OCR commonly confuses share one canonical
form (:meth:`Confusables.canon`), so an index can find exact and near candidates with
a single lookup and then say where they differ (:meth:`Confusables.diff`).
"""

from __future__ import annotations

from collections.abc import Iterable

# Separators people and OCR put inside identifiers; '<' is the MRZ filler.
_SEPARATORS = " \t\r\n\u00a0-\u2010\u2011\u2012\u2013\u2014./\\_,:;<'\"`"
# Capital Cyrillic and Greek letters that look like Latin ones, as typed on a
# non-Latin keyboard.
_HOMOGLYPHS_FROM = (  # Cyrillic, then Greek
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0423\u0425\u0406\u0408\u0405"
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7"
)
_HOMOGLYPHS_TO = "ABEKMHOPCTYXIJSABEZHIKMNOPTYX"
_IDENT_TABLE = str.maketrans(_HOMOGLYPHS_FROM, _HOMOGLYPHS_TO, _SEPARATORS)

_SEPARATOR_BYTES = bytes(ord(c) for c in _SEPARATORS if c.isascii())

#: OCR confusions that collapse to one key: O/0, I/1, Z/2, S/5, B/8. Others seen in
#: the wild (6/G, D/0, Q/0, L/1) are left out: each added pair brings more false near
#: matches than it recovers on OCR-B print and stamped serials.
OCR_CONFUSABLE_PAIRS: tuple[tuple[str, str], ...] = (
    ("O", "0"),
    ("I", "1"),
    ("Z", "2"),
    ("S", "5"),
    ("B", "8"),
)


def normalise_identifier(value: str) -> str:
    """Uppercase, drop separators and fillers, read look-alike capitals as Latin."""
    up = value.upper()
    if up.isascii():
        # bytes.translate is several times faster than str.translate with a dict
        return up if up.isalnum() else up.encode().translate(None, _SEPARATOR_BYTES).decode()
    return up.translate(_IDENT_TABLE)


class Confusables:
    """A set of OCR-confusable pairs: canonical form and classification of differences."""

    __slots__ = ("_bytes", "_str", "pairs")

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.pairs = tuple(pairs)
        src, dst = "".join(a for a, _ in self.pairs), "".join(b for _, b in self.pairs)
        self._str = str.maketrans(src, dst)
        self._bytes = bytes.maketrans(src.encode(), dst.encode())

    def canon(self, value: str) -> str:
        """Collapse confusable characters of a normalised identifier."""
        if value.isascii():
            return value.encode().translate(self._bytes).decode()
        return value.translate(self._str)

    def folded(self, value: str) -> str | bytes:
        """:meth:`canon`, left as ASCII bytes when the identifier is ASCII (cheaper to key)."""
        if value.isascii():
            return value.encode().translate(self._bytes)
        return value.translate(self._str)

    def diff(self, query: str, record: str) -> tuple[int, ...] | None:
        """Positions where two identifiers differ by confusable characters only.

        ``None`` when lengths differ or any differing pair is not confusable; an empty
        tuple when they are equal.
        """
        n = len(query)
        if n != len(record):
            return None
        if not (query.isascii() and record.isascii()):
            if self.canon(query) != self.canon(record):
                return None
            return tuple([i for i, (a, b) in enumerate(zip(query, record, strict=True)) if a != b])
        # XOR of the byte strings is non-zero exactly at differing bytes: one step per
        # difference instead of one per character.
        qb, rb, table, out = query.encode(), record.encode(), self._bytes, []
        x = int.from_bytes(qb, "big") ^ int.from_bytes(rb, "big")
        while x:
            byte = (x.bit_length() - 1) >> 3
            i = n - 1 - byte
            if table[qb[i]] != table[rb[i]]:
                return None
            out.append(i)
            x &= (1 << (byte << 3)) - 1
        return tuple(out)


#: The default set, used for document numbers, plates and serials.
OCR = Confusables(OCR_CONFUSABLE_PAIRS)


def describe_confusions(query: str, record: str, positions: Iterable[int]) -> str:
    """Human-readable account of OCR confusions, positions counted from 1."""
    return "; ".join(
        f"{query[i]!r} at position {i + 1} read for {record[i]!r} (OCR confusion)" for i in positions
    )
