"""String-level name corruptions as border checks meet them.

Each function returns the corrupted text, or None when the corruption does
not apply (so the caller never records a corruption that changed nothing).
"""

from __future__ import annotations

import random
import re

from anyascii import anyascii

from polnet.synthetic import name_tables as nt
from polnet.synthetic import name_tables_extra as nx
from polnet.synthetic.translit import CYRILLIC_SYSTEMS, cyrillic

# Every curated spelling maps to its alternatives (Mohammed -> Muhammad ...).
_VARIANTS: dict[str, tuple[str, ...]] = {}
for _table in (
    nt.ARABIC_MALE, nt.ARABIC_FEMALE, nt.ARABIC_FAMILY, nt.PERSIAN_MALE, nt.PERSIAN_FEMALE,
    nt.PERSIAN_FAMILY, nx.HEBREW_MALE, nx.HEBREW_FEMALE, nx.HEBREW_FAMILY, nx.THAI_MALE,
    nx.THAI_FEMALE, nx.THAI_FAMILY, nx.PAKISTANI_MALE, nx.PAKISTANI_FEMALE, nx.PAKISTANI_FAMILY,
):  # fmt: skip
    for _c in _table:
        for _v in _c.latin:
            if " " not in _v and len(_c.latin) > 1:
                alts = tuple(a for a in _c.latin if a != _v and " " not in a)
                _VARIANTS[_v] = tuple(dict.fromkeys(_VARIANTS.get(_v, ()) + alts))

# Spelling rules met between romanisation systems (pattern, replacement).
_RULES: tuple[tuple[str, str], ...] = (
    (r"ou", "u"), (r"(?<=[bcdfghklmnprstvz])u", "ou"), (r"kh", "h"), (r"(?<=[aeiou])h", "kh"),
    (r"w", "v"), (r"v", "w"), (r"ph", "f"), (r"(?<=[aeiou])f", "ph"), (r"y", "j"),
    (r"j", "y"), (r"ee", "i"), (r"(?<=[^aeiou])i(?=[^aeiou]|$)", "ee"), (r"sh", "sch"),
    (r"(?<!t)ch", "tch"), (r"ks", "x"), (r"x", "ks"), (r"iy$", "y"), (r"ii$", "iy"),
    (r"q", "k"), (r"c(?=[aou])", "k"), (r"ei", "ai"), (r"ai", "ei"), (r"dj", "j"),
)  # fmt: skip


def _match_case(new: str, old: str) -> str:
    if old.isupper():
        return new.upper()
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def translit_variant(text: str, native: str | None, rng: random.Random) -> str | None:
    """Respell ``text`` as another romanisation would (Iwanow for Ivanov,
    Muhammad for Mohammed, Yusupov for Iousoupov ...)."""
    options: list[str] = []
    if native and any("\u0400" <= ch <= "\u04ff" for ch in native):
        options += [cyrillic(native, system) for system in CYRILLIC_SYSTEMS]
    parts = re.split(r"(\s+)", text)  # keep the separators as they are
    for i, tok in enumerate(parts):
        for alt in _VARIANTS.get(tok, ()):
            options.append("".join([*parts[:i], alt, *parts[i + 1 :]]))
    for pattern, repl in _RULES:
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            new = _match_case(repl, m.group(0))
            options.append(text[: m.start()] + new + text[m.end() :])
    same = " ".join(text.split()).casefold()  # the caller may separate parts by a tab
    options = [o for o in dict.fromkeys(options) if " ".join(o.split()).casefold() != same]
    return rng.choice(options) if options else None


_KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij",
    "i": "uok", "o": "ipl", "p": "ol", "a": "qsz", "s": "adw", "d": "sfe", "f": "dgr",
    "g": "fht", "h": "gjy", "j": "hku", "k": "jli", "l": "ko", "z": "xa", "x": "zcs",
    "c": "xvd", "v": "cbf", "b": "vng", "n": "bmh", "m": "nj",
}  # fmt: skip


def typo(text: str, rng: random.Random) -> str | None:
    """One keyboard slip: substitution, deletion, insertion or transposition,
    never on the first letter of a word (people rarely get that wrong)."""
    spots = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0 and text[i - 1].isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    ch = text[i]
    op = rng.randrange(4)
    if op == 0 and ch.lower() in _KEYBOARD:
        new = rng.choice(_KEYBOARD[ch.lower()])
        out = text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1 :]
    elif op == 1 and len(text) > 3:
        out = text[:i] + text[i + 1 :]
    elif op == 2:
        out = text[:i] + ch + text[i:]
    elif i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != ch:
        out = text[:i] + text[i + 1] + ch + text[i + 2 :]
    else:
        out = text[:i] + ch + text[i:]
    return out if out != text else None


_OCR = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("vv", "w"), ("w", "vv"),
    ("l", "I"), ("I", "l"), ("O", "0"), ("o", "0"), ("e", "c"), ("h", "b"),
    ("n", "h"), ("S", "5"), ("B", "8"), ("i", "l"), ("u", "v"),
)  # fmt: skip


def ocr_slip(text: str, rng: random.Random) -> str | None:
    """One misread of printed characters (rn/m, cl/d, O/0, l/I ...)."""
    spots = [(m.start(), a, b) for a, b in _OCR for m in re.finditer(re.escape(a), text)]
    if not spots:
        return None
    i, a, b = rng.choice(spots)
    return text[:i] + b + text[i + len(a) :]


_PARTICLE = re.compile(
    r"\b(al|el|bin|ibn|ben|bint|abu|abou|bou|abdul|abdel|abd|van der|van den|van|von der|"
    r"von|de la|de los|del|della|de|di|da|das|dos|du|le|la|ter|ten)([- ]?)(?=\w)",
    flags=re.IGNORECASE,
)


def particle(text: str, rng: random.Random) -> str | None:
    """Join, split, drop or respell a particle (al-/el-, bin, van der,
    de la, Abdul ...)."""
    found = [m for m in _PARTICLE.finditer(text) if m.group(2) or m.group(1).lower() in _GLUED]
    if not found:
        return None
    m = rng.choice(found)
    word, sep = m.group(1), m.group(2)
    head, tail = text[: m.start()], text[m.end() :]
    cap, low = tail[:1].upper() + tail[1:], tail[:1].lower() + tail[1:]
    flipped = word.lower() if word[:1].isupper() else word.title()
    options = [
        head + word.replace(" ", "").capitalize() + low,  # Alharbi, Vanderberg
        head + word + " " + cap,  # Al Harbi, Abdul Rahman
        head + word + "-" + cap,  # Al-Harbi
        head + flipped + (sep or " ") + cap,  # van der Berg / Van Der Berg
    ]
    if word.lower() not in _GLUED:  # "Abdul" is part of the name, never dropped
        options.append(head + cap)  # Harbi
    if word.lower() in ("al", "el"):
        options.append(head + ("El" if word.lower() == "al" else "Al") + (sep or "-") + cap)
    options = [o for o in dict.fromkeys(options) if o.strip() and o != text]
    return rng.choice(options) if options else None


# Particles also written glued to the name (Abdulrahman, Abdelaziz).
_GLUED = frozenset({"abdul", "abdel"})


def initial(given: str) -> str | None:
    """The first given name reduced to its initial (J. Robert)."""
    tokens = given.split()
    if not tokens or len(tokens[0]) < 2 or not tokens[0][0].isalpha():
        return None
    return " ".join([tokens[0][0] + ".", *tokens[1:]])


def normalised_key(text: str) -> str:
    """Order-free ASCII key of a name, for duplicate checks."""
    words = re.sub(r"[^a-z0-9 ]", "", anyascii(text).lower().replace("-", " ")).split()
    return " ".join(sorted(words))
