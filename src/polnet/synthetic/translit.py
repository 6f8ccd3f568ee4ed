"""Latin forms of native-script names.

``anyascii`` gives a character-level romanisation; names need a bit more
(official passport systems for Cyrillic and Greek, the inherent vowel of
Indic scripts, Chinese syllables, Korean surnames) so that the result reads
the way the name is written in a travel document.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii


def _table(letters: str, spellings: str) -> dict[str, str]:
    """Map each letter to its space-separated spelling ("_": nothing)."""
    return dict(zip(letters, spellings.split(" "), strict=True))


# ---------------------------------------------------------------- Cyrillic
# ICAO Doc 9303 (used in Russian passports since 2013).
_RU_ICAO = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia",
)
# Ukrainian national system (Cabinet resolution 55/2010); word-initial
# iotated letters are spelled with "y".
_UK_NATIONAL = _table(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
    "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia _",
)
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Bulgarian official system (Transliteration Act 2009).
_BG_OFFICIAL = _table(
    "абвгдежзийклмнопрстуфхцчшщъьюя",
    "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya",
)
# German-style spelling (Iwanow, Schukow) and French-style (Iouri,
# Tchaikovski): common in older records of those countries.
_CYR_GERMAN = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    "a b w g d e jo sch s i j k l m n o p r s t u f ch z tsch sch schtsch _ y _ e ju ja i ji je g",
)
_CYR_FRENCH = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    "a b v g d e io j z i i k l m n o p r s t ou f kh ts tch ch chtch _ y _ e iou ia i ii ie g",
)

CYRILLIC_SYSTEMS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "icao": (_RU_ICAO, {}),
    "uk": (_UK_NATIONAL, _UK_INITIAL),
    "bg": (_BG_OFFICIAL, {}),
    "german": (_CYR_GERMAN, {}),
    "french": (_CYR_FRENCH, {}),
}


def _apply_table(text: str, table: dict[str, str], initial: dict[str, str]) -> str:
    out: list[str] = []
    word_start = True
    for ch in text:
        low = ch.lower()
        rep = (initial.get(low) if word_start else None) or table.get(low)
        if rep is None:
            out.append(anyascii(ch))
        elif rep != "_":
            out.append(rep.capitalize() if ch != low else rep)
        word_start = not ch.isalpha()
    return "".join(out)


# Word endings these systems simplify (Iouri, Juri rather than Iourii).
_ENDINGS = {"german": (("ий", "i"), ("ый", "y")), "french": (("ий", "i"), ("ый", "y"))}


def cyrillic(text: str, system: str) -> str:
    """Romanise Cyrillic ``text`` with a named system (see CYRILLIC_SYSTEMS)."""
    table, initial = CYRILLIC_SYSTEMS[system]
    for ending, latin in _ENDINGS.get(system, ()):
        text = re.sub(ending + r"\b", latin, text)
    return tidy(_apply_table(text, table, initial))


# ------------------------------------------------------------------- Greek
# ELOT 743, the system of Greek passports.
_GREEK = _table(
    "αβγδεζηθικλμνξοπρσςτυφχψω",
    "a v g d e z i th i k l m n x o p r s s t y f ch ps o",
)
_GREEK_PAIRS = {"ου": "ou", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch"}  # noqa: RUF001
_VOICELESS = set("θκξπστφχψ")


def greek(text: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    out: list[str] = []
    i = 0
    while i < len(base):
        ch, low = base[i], base[i].lower()
        pair = base[i : i + 2].lower()
        if pair in _GREEK_PAIRS:
            rep, step = _GREEK_PAIRS[pair], 2
        elif len(pair) == 2 and pair[0] in "αεη" and pair[1] == "υ":  # noqa: RUF001
            nxt = base[i + 2].lower() if i + 2 < len(base) else ""
            tail = "f" if (not nxt or nxt in _VOICELESS) else "v"
            rep, step = _GREEK[pair[0]] + tail, 2
        else:
            rep, step = _GREEK.get(low, anyascii(ch)), 1
        out.append(rep.capitalize() if ch != low else rep)
        i += step
    return tidy("".join(out))


# ------------------------------------------------------------------- Indic
# ISCII-derived blocks share offsets: consonants 0x15-0x39 (+ nukta forms),
# dependent vowels 0x3E-0x4C, virama 0x4D.  A consonant without a vowel sign
# carries an inherent "a", dropped at the end of a word in Hindi, Nepali and
# Bengali unless it closes a consonant cluster.
_INDIC_BASES = {"Deva": 0x0900, "Beng": 0x0980, "Taml": 0x0B80}
_FINAL_SCHWA_DROPPED = {"Deva", "Beng"}
# Offsets whose anyascii reading loses the diacritic that tells them apart.
_INDIC_OVERRIDES = {0x0B: "ri", 0x43: "ri", 0x1A: "ch", 0x1B: "chh", 0x36: "sh", 0x37: "sh"}
_KEEP_AFTER_CLUSTER = {0x30, 0x2F, 0x35, 0x23, 0x28, 0x2E}  # ra ya va nna na ma
_TAMIL_OVERRIDES = {0x1A: "s", 0x34: "zh", 0x37: "sh"}


def _indic_class(ch: str, base: int) -> str:
    off = ord(ch) - base
    if not 0 <= off < 0x80:
        return "other"
    if 0x15 <= off <= 0x39 or 0x58 <= off <= 0x5F or off == 0x4E:
        return "cons"
    if 0x3E <= off <= 0x4C or off in (0x55, 0x56, 0x57, 0x62, 0x63):
        return "sign"
    if off == 0x4D:
        return "virama"
    if off == 0x3C:
        return "nukta"
    if off in (0x01, 0x02):
        return "nasal"
    return "letter"


def indic(text: str, script: str) -> str:
    base = _INDIC_BASES[script]
    classes = [_indic_class(c, base) for c in text]
    out: list[str] = []
    for i, ch in enumerate(text):
        cls = classes[i]
        if cls == "nukta" or cls == "virama":
            continue
        if cls == "nasal":
            nxt = anyascii(text[i + 1]) if i + 1 < len(text) else ""
            if nxt[:1] == "h" or (script == "Beng" and not nxt[:1].isalpha()):
                out.append("ng")  # Singh; final anusvara of Bengali
            else:
                out.append("m" if nxt[:1] in ("p", "b", "m") else "n")
            continue
        overrides = _TAMIL_OVERRIDES if script == "Taml" else _INDIC_OVERRIDES
        out.append(overrides.get(ord(ch) - base) or anyascii(ch).replace("'", ""))
        if cls != "cons" or ord(ch) - base == 0x4E:
            continue
        j = i + 1
        while j < len(text) and classes[j] == "nukta":
            j += 1
        if j < len(text) and classes[j] in ("sign", "virama"):
            continue
        word_end = j >= len(text) or classes[j] == "other"
        # Clusters ending in r, y, v or a nasal keep their vowel (Mishra,
        # Krishna, Brahma); others lose it (Jayant, Gurung).
        voiced = i >= 1 and classes[i - 1] == "virama" and ord(ch) - base in _KEEP_AFTER_CLUSTER
        if word_end and script in _FINAL_SCHWA_DROPPED and not voiced:
            continue
        out.append("a")
    # Conjuncts read differently from their parts: jña is "gya", ksa "ksha".
    joined = re.sub(r"ks(?!h)", "ksh", "".join(out).replace("jn", "gy"))
    return tidy(joined)


# ------------------------------------------------------ Chinese and Korean
def hanzi_syllables(text: str) -> list[str]:
    """Pinyin syllables (without tones) of Chinese characters, one per char."""
    return [anyascii(ch).lower() for ch in text if not ch.isspace()]


_KOREAN_SURNAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
    "류": "Ryu", "유": "Yoo", "전": "Jeon", "홍": "Hong", "고": "Ko", "문": "Moon",
    "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "남": "Nam",
    "심": "Shim", "노": "Noh", "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha",
    "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin", "나": "Na",
    "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang",
    "공": "Kong", "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo",
    "추": "Choo", "도": "Do", "소": "So", "석": "Seok", "선": "Sun", "설": "Seol",
    "마": "Ma", "길": "Gil", "연": "Yeon", "위": "Wi", "표": "Pyo", "명": "Myung",
    "기": "Ki", "반": "Ban", "왕": "Wang", "금": "Keum", "옥": "Ok", "육": "Yook",
    "인": "In", "맹": "Maeng", "제": "Je", "모": "Mo", "탁": "Tak", "국": "Kook",
}  # fmt: skip


def korean_surname(text: str) -> str:
    return _KOREAN_SURNAMES.get(text) or tidy(anyascii(text))


def hangul_syllables(text: str) -> list[str]:
    return [anyascii(ch).lower() for ch in text if not ch.isspace()]


# ----------------------------------------------------------------- generic
def tidy(text: str) -> str:
    """Drop romanisation marks (apostrophes for ejectives, soft signs, ayin)
    and title-case every part of the name, as passports print them."""
    cleaned = text.replace("'", "").replace("`", "").replace("\u02bc", "")
    words = []
    for word in cleaned.split():
        parts = [p[:1].upper() + p[1:].lower() for p in word.split("-")]
        words.append("-".join(parts))
    return " ".join(words)


def to_ascii(text: str) -> str:
    """ASCII spelling of a Latin-script name (as printed in the MRZ)."""
    return " ".join(anyascii(text).split())


def latinise(text: str, script: str, cyrillic_system: str | None = None) -> str:
    """Default Latin form of a name written in ``script``."""
    if script == "Latn":
        return to_ascii(text)
    if script == "Cyrl":
        if cyrillic_system is None:
            return tidy(anyascii(text))
        return cyrillic(text, cyrillic_system)
    if script == "Grek":
        return greek(text)
    if script in _INDIC_BASES:
        return indic(text, script)
    return tidy(anyascii(text))
