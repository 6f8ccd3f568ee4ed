"""Name normalisation for person matching.

A name in any script becomes a tuple of :class:`NameToken`. Each token carries
four spellings that get progressively looser, so that variants meet at the
loosest level where they still differ from unrelated names:

``form``
    ASCII letters after transliteration (anyascii) and diacritic folding.
``canon``
    ``form`` with spelling variants merged (w/v, ph/f, kh/h, zh/z, ou/u,
    y/i/j, ICAO ue/oe/ae, doubled letters ...).
``vkey``
    ``canon`` with vowels merged (and the OCR confusion rn/m folded):
    Mohamed, Muhammad and Mukhammed all become ``mahamad``.
``ckey``
    ``canon`` without vowels: also matches abjad scripts, whose transliteration
    has no vowels (محمد -> ``mhmd``).

Chinese and Korean names written without spaces are split into family name
and given name, as their Latin spellings are (王秀英 -> wang xiuying); anyascii
gives pinyin for Han; Hangul is written in the Revised Romanisation with its final sounds
(박 -> bak, 백 -> baek; `korean_romanization.revised_romanization`), as passports write
it; `korean_romanization` also reads the McCune-Reischauer and passport spellings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from polnet.screening.engine.person.korean_romanization import revised_romanization
from polnet.screening.engine.person.ocr_names import read_digits

__all__ = [
    "PARTICLES",
    "NameToken",
    "analyse_token",
    "canonical",
    "consonant_key",
    "detect_script",
    "exact_keys",
    "join_forms",
    "name_forms",
    "tokenise",
    "typo_keys",
    "vowel_key",
]

# Prefixes that attach to the following name part: "al-Rashid", "van der Berg".
# They count little on their own; joined forms ("Alrashid") are matched through
# the joins of adjacent tokens.
PARTICLES: frozenset[str] = frozenset(
    {
        "al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "bin", "ibn", "bint", "binti",
        "ben", "bte", "van", "von", "der", "den", "ter", "ten", "de", "del", "della", "di",
        "da", "dos", "das", "du", "la", "le", "lo", "y", "e", "zu", "mac", "mc", "st",
    }
)  # fmt: skip

# Word separators, including the MRZ filler "<" and the middle dots used
# between the parts of transliterated foreign names in Chinese and Japanese.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.,;:/\\|()\[\]{}<>\"+&*#@!?=~\u00b7\u30fb\u2027]+")
_NOT_LETTER = re.compile(r"[^a-z]+")
_ARABIC_ARTICLE = "\u0627\u0644"
_ALLAH = "\u0627\u0644\u0644\u0647"
_ARABIC_VOWEL_LETTERS = re.compile(r"[wy]")
_VOWELS = "aeiou"

# Applied in order. Each pair merges spellings that transliteration schemes
# (ICAO, German, French, pinyin, ...) or OCR produce for the same sound.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("tsch", "ch"),
        ("sch", "sh"),
        ("tch", "ch"),
        ("cz", "ch"),
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "z"),
        ("kh", "h"),
        ("gh", "g"),
        ("ph", "f"),
        ("th", "t"),
        ("dh", "d"),
        ("ck", "k"),
        ("tz", "ts"),
        # Russian ц: ICAO 9303 and BGN/PCGN write TS, the German Duden transcription (as DIN
        # 1460's German conventions) Z (Vorontsov / Woronzow, Tsvetaeva / Zwetajewa).
        ("ts", "z"),
        ("q", "k"),
        ("x", "ks"),
        ("w", "v"),
        ("c(?!h)", "k"),
        ("ou", "u"),
        ("oo", "u"),
        # Russian -аев/-оев/-еев: ICAO 9303 AEV, BGN/PCGN AYEV, Duden AJEW (Belyayev / Beliaev);
        # -ьев: ICAO 9303 drops the soft sign, BGN/PCGN writes YEV, Duden JEW (Solovev /
        # Solovyev / Solowjew); the same in the feminine -ева (Tsvetaeva / Zwetajewa).
        ("(?<=[a-z])[yj]e(?=va?$)", "e"),
        ("ee", "i"),
        ("oy(?=[^aeiouy])", "u"),  # Greek omicron-upsilon via anyascii: Papadopoylos
        ("ue", "u"),  # ICAO ü -> UE
        ("oe", "o"),  # ICAO ö -> OE
        ("ae", "a"),  # ICAO ä -> AE
        ("j", "y"),
        # Russian (Cyrillic) e at the start of a name: ICAO 9303 E, BGN/PCGN YE, Duden JE (Egor /
        # Yegor / Jegor, Elena / Yelena / Jelena); kept in short parts, where Ye and E are other names,
        # and before o, Korean yeo (Yeong, Yeon).
        ("^ye(?=[a-np-z][a-z]{2})", "e"),
        ("iya$", "ia"),  # Russian -ия: ICAO IIA, BGN/PCGN IYA, Duden IJA (Valeriia / Valeriya / Walerija)
        ("^i(?=[aeou])", "y"),  # Iakov / Yakov / Jakob
        ("(?<=.)y(?![aeiou])", "i"),  # Smyth / Smith, Yury / Yuri, Sergey / Sergei
        ("(?<=[aeiou])h$", ""),  # Sarah / Sara, Abdullah / Abdulla
        (r"(.)\1+", r"\1"),  # doubled letters
    )
)
_MODIFIER_H = re.compile(r"(?<=[sctkgpzd])h")
_VOWEL_RUN = re.compile(r"[aeiou]+")
_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "o": "u", "u": "u"}
_REPEAT = re.compile(r"(.)\1+")

_SCRIPT_BY_WORD = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr",
    "CJK": "Hani", "HANGUL": "Hang", "HIRAGANA": "Jpan", "KATAKANA": "Jpan",
    "DEVANAGARI": "Deva", "BENGALI": "Beng", "THAI": "Thai", "ARMENIAN": "Armn",
    "GEORGIAN": "Geor", "ETHIOPIC": "Ethi", "TAMIL": "Taml", "SYRIAC": "Syrc",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NameToken:
    """One name part in its four spellings (see the module docstring)."""

    form: str
    canon: str
    vkey: str
    ckey: str
    particle: bool

    @property
    def is_initial(self) -> bool:
        return len(self.form) == 1


def _is_syllabic(char: str) -> bool:
    """Han ideographs and Hangul syllables are written without spaces: one per token."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF
        or 0xAC00 <= code <= 0xD7A3
    )


def _is_arabic(char: str) -> bool:
    code = ord(char)
    return 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFF


def _is_hebrew(char: str) -> bool:
    code = ord(char)
    return 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F


def _split_syllabic(chunk: str) -> list[str]:
    """Split a Han or Hangul name written without spaces.

    Chinese and Korean names are family name (one character, nearly always)
    then given name; Latin spellings write the given name as one word
    (王秀英 -> Wang Xiuying, 김민수 -> Kim Minsu).
    """
    words: list[str] = []
    run = ""
    for char in chunk:
        if _is_syllabic(char):
            run += char
            continue
        if run:
            words += [run[0], run[1:]] if len(run) > 1 else [run]
            run = ""
        words.append(char)
    if run:
        words += [run[0], run[1:]] if len(run) > 1 else [run]
    # Other letters glued to the name stay together.
    merged: list[str] = []
    for word in words:
        if merged and not _is_syllabic(word[0]) and not _is_syllabic(merged[-1][-1]):
            merged[-1] += word
        else:
            merged.append(word)
    return merged


def _words(text: str) -> list[str]:
    if text.isascii():
        return [chunk for chunk in _SEPARATORS.split(text.lower()) if chunk]
    text = unicodedata.normalize("NFKC", text).casefold()
    words: list[str] = []
    for chunk in _SEPARATORS.split(text):
        if not chunk:
            continue
        if chunk.isascii():
            words.append(chunk)
        elif chunk.startswith(_ARABIC_ARTICLE) and len(chunk) > 3 and chunk != _ALLAH:
            # The article is written joined in Arabic script, apart in Latin.
            words += [_ARABIC_ARTICLE, chunk[2:]]
        elif not any(_is_syllabic(c) for c in chunk):
            words.append(chunk)
        else:
            words += _split_syllabic(chunk)
    return words


@lru_cache(maxsize=200_000)
def _word_form(word: str) -> str:
    if any(c.isalpha() for c in word):
        word = read_digits(word)  # digits inside a word are OCR confusions of letters
    if word.isascii():
        return _NOT_LETTER.sub("", word.lower())
    if word == _ARABIC_ARTICLE:
        return "al"
    if word == _ALLAH:  # the article is part of the word: Abd Allah, Abdullah
        return "allah"
    korean = revised_romanization(word)
    if korean is not None:
        return korean
    latin = _NOT_LETTER.sub("", anyascii(word).lower())
    # Inside a word, waw and ya (Hebrew yod) mostly write long vowels
    # (يوسف -> ywsf is Yusuf), which Latin spellings write as vowels.
    if latin and any(_is_arabic(c) for c in word):
        latin = latin[0] + _ARABIC_VOWEL_LETTERS.sub("", latin[1:])
    elif latin and any(_is_hebrew(c) for c in word):
        latin = latin[0] + latin[1:].replace("y", "")
    return latin


def name_forms(text: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a name in any script, in written order."""
    forms = (_word_form(word) for word in _words(text))
    return tuple(form for form in forms if form)


# The German Duden transcription of Russian (DIN 1460's German conventions) writes CH for х  # noqa: RUF003
# (ICAO 9303 KH), TSCH for ч, W for в and J for й; S is з between vowels, where с is written  # noqa: RUF003
# SS. A part with the Duden surname endings -OW, -EW, -OWA, -EWA (W for в, which ICAO 9303,
# BGN/PCGN and ISO 9 write V) is read back in those letters: Sacharow is sakharow, as
# Zakharov is, but for the first letter. An S at the start stays (Sergejew is Sergeev: the
# Duden S is с or з there), and SCH stays SH (the Duden SCH is ш or ж); reading those as Z  # noqa: RUF003
# in every name would merge Sara and Zara. CH at the start stays too: English spellings
# with W write ч so (Chernow).
_DUDEN_SURNAME = re.compile(r"[^w](?:ow|ew)a?$")
_DUDEN_LETTERS = re.compile(r"tsch|sch|(?<=.)ch|ss|(?<=[aeiou])s(?=[aeiouyj])")
_DUDEN_READING = {"tsch": "tsch", "sch": "sch", "ch": "kh", "ss": "s", "s": "z"}


def _duden(form: str) -> str:
    """A part in the Duden transcription of Russian, in ICAO 9303 letters (as above)."""
    if not _DUDEN_SURNAME.search(form):
        return form
    return _DUDEN_LETTERS.sub(lambda m: _DUDEN_READING[m.group()], form)


@lru_cache(maxsize=200_000)
def canonical(form: str) -> str:
    """Merge spelling variants of one token (``form`` must be ASCII letters)."""
    text = _duden(form)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text or form


def vowel_key(canon: str) -> str:
    """Consonant frame with vowel runs merged, and "rn" folded into "m" (OCR).

    In names with four consonants or more every vowel run becomes "a"
    (Mohamed / Muhammad / Mukhammed -> mahamad). Shorter names keep the
    vowel's class (a; e/i; o/u): Omar / Umar and Adel / Adil still meet, but
    Chinese syllables stay apart (Xiao / Xu, Wang / Weng, Li / Lu).
    """
    text = _MODIFIER_H.sub("", canon.replace("rn", "m"))
    if len(_VOWEL_RUN.sub("", text)) >= 4:
        text = _VOWEL_RUN.sub("a", text)
    else:
        text = _VOWEL_RUN.sub(lambda run: _VOWEL_CLASS[run.group()[0]], text)
    return _REPEAT.sub(r"\1", text)


def _skeleton(canon: str) -> str:
    text = _REPEAT.sub(r"\1", _VOWEL_RUN.sub("", _MODIFIER_H.sub("", canon)))
    # "c" is left only from "ch", which French and English spellings use for
    # the "sh" of other schemes (Rachid / Rashid).
    text = text.replace("c", "s")
    return text[:-1] if len(text) > 1 and text.endswith("h") else text


def consonant_key(canon: str) -> str:
    """Consonants only; the spelling abjad scripts give after transliteration.

    A final "h" goes too: Latin spellings drop the silent ending that Arabic
    script writes (Fatimah / Fatima / فاطمة, Abdullah / عبدالله). Like
    :func:`vowel_key`, folds the OCR confusion "rn" / "m".
    """
    return _skeleton(canon.replace("rn", "m"))


@lru_cache(maxsize=500_000)
def analyse_token(form: str) -> NameToken:
    canon = canonical(form)
    return NameToken(
        form=form,
        canon=canon,
        vkey=vowel_key(canon),
        ckey=consonant_key(canon),
        particle=form in PARTICLES,
    )


def tokenise(text: str) -> tuple[NameToken, ...]:
    return tuple(analyse_token(form) for form in name_forms(text))


def join_forms(forms: tuple[str, ...]) -> tuple[str, ...]:
    """Adjacent pairs written as one word: "al rashid" -> "alrashid"."""
    return tuple(forms[i] + forms[i + 1] for i in range(len(forms) - 1))


def exact_keys(token: NameToken) -> tuple[str, ...]:
    """Blocking keys that every spelling variant of the token shares.

    The consonant key is the loosest and the only one an abjad spelling
    shares; below three consonants it says little, so the canonical spelling
    is added as a second key.
    """
    keys: list[str] = []
    if token.ckey:
        keys.append("c:" + token.ckey)
    if "rn" in token.canon:  # also the unfolded key, so that typos near "rn" still meet
        keys.append("c:" + _skeleton(token.canon))
    elif len(token.ckey) < 3:
        keys.append("v:" + token.canon)
    return tuple(keys[:2])


def typo_keys(token: NameToken) -> tuple[str, ...]:
    """One-deletion neighbourhood of the consonant key.

    Two keys within one edit (insertion, deletion, substitution or adjacent
    transposition) share at least one member of their neighbourhoods. A name
    with "rn" has two consonant keys (folded to "m" and not), so both have
    their neighbourhood: "Bdbrnr" is one edit from "Bdbr" only once folded.
    """
    variants: set[str] = set()
    for ckey in {_skeleton(token.canon), token.ckey}:
        if len(ckey) >= 4:
            # Folded like a skeleton: Atkinson without its s is tknn, which Atkinon's is (tkn).
            variants.update(_REPEAT.sub(r"\1", ckey[:i] + ckey[i + 1 :]) for i in range(len(ckey)))
            variants.discard(ckey)
    return tuple(sorted("c:" + v for v in variants))


def detect_script(text: str) -> str:
    """ISO 15924-style code of the dominant script of the letters in ``text``."""
    if text.isascii():
        return "Latn" if any(c.isalpha() for c in text) else ""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _char_script(char)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return ""
    return max(counts.items(), key=lambda item: item[1])[0]


@lru_cache(maxsize=65_536)
def _char_script(char: str) -> str:
    if char.isascii():
        return "Latn"
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return _SCRIPT_BY_WORD.get(word, word[:4].title() or "Zyyy")
