"""The letters a name part's initial may be written with, across romanisation standards.

An initial only says which letter a part starts with, and a Russian (or Ukrainian,
Bulgarian ...) name starts with a different Latin letter depending on who romanised it:
Vladimir is W. in a German document, Yuri is I. in a passport. Each part carries the set
of initials its first Cyrillic letter takes under the standards, as a bit mask over a-z,
and an initial meets a part when its letter is in that set.

Only the letters whose Latin initial differs between the standards are listed, each with
its spellings under ICAO Doc 9303 Part 3 (passports), BGN/PCGN 1947 (Russian), ISO 9:1995
where its letter is plain ASCII, and the German (Duden) transcription the engine's spelling
rules already merge (w/v, sch/sh, kh/h).
"""

# ruff: noqa: RUF001, RUF003
from __future__ import annotations

__all__ = ["initial_mask"]

# Cyrillic letter: its spellings at the start of a name.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "в": ("v", "w"),  # ICAO, BGN/PCGN, ISO 9 V; Duden W
    "з": ("z", "s"),  # ICAO, BGN/PCGN, ISO 9 Z; Duden S
    "х": ("kh", "h", "ch"),  # ICAO, BGN/PCGN KH; ISO 9 H; Duden CH
    "ц": ("ts", "z"),  # ICAO, BGN/PCGN TS; Duden Z (ISO 9 C is left out: C starts K- and S- names)
    # ICAO writes й as I, which at the start of a name is и: left out.
    "й": ("y", "j"),  # BGN/PCGN Y; ISO 9, Duden J
    "е": ("e", "ye", "je"),  # ICAO, ISO 9 E; BGN/PCGN YE and Duden JE at the start of a word
    "ё": ("e", "yo", "jo"),  # ICAO E; BGN/PCGN YË; Duden JO
    "ю": ("iu", "yu", "ju"),  # ICAO IU; BGN/PCGN YU; Duden JU (ISO 9 Û)
    "я": ("ia", "ya", "ja"),  # ICAO IA; BGN/PCGN YA; Duden JA (ISO 9 Â)
}


def _bit(letter: str) -> int:
    return 1 << (ord(letter) - ord("a")) if "a" <= letter <= "z" else 0


def _prefixes() -> tuple[tuple[str, int], ...]:
    masks: dict[str, int] = {}
    for spellings in _SPELLINGS.values():
        letters = 0
        for spelling in spellings:
            letters |= _bit(spelling[0])
        for spelling in spellings:
            masks[spelling] = masks.get(spelling, 0) | letters
    # Longest first: "kh" is a spelling of х before "k" is anything.
    return tuple(sorted(masks.items(), key=lambda item: -len(item[0])))


_PREFIXES = _prefixes()


def initial_mask(form: str) -> int:
    """Bit mask (a = bit 0) of the letters an initial of this part may be written with."""
    mask = _bit(form[0])
    if len(form) > 1:
        for prefix, letters in _PREFIXES:
            if form.startswith(prefix):
                return mask | letters
    return mask
