"""Korean romanization tables, jamo by jamo, and passport spellings of surnames.

Sources:

* Revised Romanization of Korean (Ministry of Culture and Tourism, notice 2000-8,
  2000): the standard, and what anyascii gives for Hangul.
* McCune-Reischauer (G. M. McCune and E. O. Reischauer, 1939), as printed without
  breves and apostrophes (passports and most databases drop them): plain stops are
  written k, t, p, ch at the start of a word and g, d, b, j between voiced sounds.
* National Institute of Korean Language, survey of the romanization of surnames
  (2009) and its proposed standard spellings of family names (2023): the spellings
  people actually put in passports for the common surnames.

Spellings here are ASCII lower case, as :func:`names.name_forms` gives them.
"""

from __future__ import annotations

__all__ = ["FINALS", "INITIALS", "SURNAMES", "VOWELS", "revised_romanization"]

# Each jamo: its Revised Romanization first, then the other spellings of it in
# McCune-Reischauer (breves, apostrophes dropped) and in passports.
INITIALS: dict[str, tuple[str, ...]] = {
    "\u3131": ("g", "k"),  # ㄱ
    "\u3132": ("kk", "gg"),  # ㄲ
    "\u3134": ("n",),  # ㄴ
    "\u3137": ("d", "t"),  # ㄷ
    "\u3138": ("tt", "dd"),  # ㄸ
    "\u3139": ("r", "l"),  # ㄹ
    "\u3141": ("m",),  # ㅁ
    "\u3142": ("b", "p"),  # ㅂ
    "\u3143": ("pp", "bb"),  # ㅃ
    "\u3145": ("s", "sh"),  # ㅅ (MR shi for 시; passports Shin)
    "\u3146": ("ss",),  # ㅆ
    "\u3147": ("",),  # ㅇ
    "\u3148": ("j", "ch"),  # ㅈ
    "\u3149": ("jj", "tch"),  # ㅉ
    "\u314a": ("ch",),  # ㅊ (MR ch')
    "\u314b": ("k",),  # ㅋ (MR k')
    "\u314c": ("t",),  # ㅌ (MR t')
    "\u314d": ("p",),  # ㅍ (MR p')
    "\u314e": ("h",),  # ㅎ
}
VOWELS: dict[str, tuple[str, ...]] = {
    "\u314f": ("a",),  # ㅏ
    "\u3150": ("ae",),  # ㅐ
    "\u3151": ("ya",),  # ㅑ
    "\u3152": ("yae",),  # ㅒ
    "\u3153": ("eo", "o", "u"),  # ㅓ: MR ŏ; passports Jung, Sung, Um
    "\u3154": ("e",),  # ㅔ
    "\u3155": ("yeo", "yo", "you"),  # ㅕ: MR yŏ; passports Kyoung
    "\u3156": ("ye",),  # ㅖ
    "\u3157": ("o", "oh"),  # ㅗ: passports Oh, Noh
    "\u3158": ("wa",),  # ㅘ
    "\u3159": ("wae",),  # ㅙ
    "\u315a": ("oe", "oi"),  # ㅚ: passports Choi
    "\u315b": ("yo",),  # ㅛ
    "\u315c": ("u", "oo"),  # ㅜ: passports Moon, Yoon
    "\u315d": ("wo",),  # ㅝ: MR wŏ
    "\u315e": ("we",),  # ㅞ
    "\u315f": ("wi",),  # ㅟ
    "\u3160": ("yu",),  # ㅠ
    "\u3161": ("eu", "u"),  # ㅡ: MR ŭ
    "\u3162": ("ui",),  # ㅢ: MR ŭi
    "\u3163": ("i", "ee"),  # ㅣ: passports Lee
}
# Final consonants as they sound (RR writes the seven final sounds); the other
# spellings are the letter-by-letter ones that anyascii gives for Hangul (박 Bag).
FINALS: dict[str, tuple[str, ...]] = {
    "": ("",),
    "k": ("k", "g"),
    "n": ("n",),
    "t": ("t", "d", "s"),
    "l": ("l",),
    "m": ("m",),
    "p": ("p", "b"),
    "ng": ("ng",),
}

# Revised Romanization of a surname -> its other spellings in use (NIKL survey).
SURNAMES: dict[str, tuple[str, ...]] = {
    "i": ("lee", "yi", "rhee", "rhie", "ri", "li", "yee"),  # 이
    "bak": ("park", "pak", "bark"),  # 박
    "choe": ("choi", "choy", "chwe"),  # 최
    "jeong": ("jung", "chung", "cheong", "jong"),  # 정
    "gang": ("kang",),  # 강
    "jo": ("cho", "joh"),  # 조
    "yun": ("yoon",),  # 윤
    "jang": ("chang",),  # 장
    "im": ("lim", "rim", "yim"),  # 임
    "sin": ("shin",),  # 신
    "gwon": ("kwon",),  # 권
    "an": ("ahn",),  # 안
    "ryu": ("yoo", "yu", "lyu", "rue"),  # 류
    "jeon": ("jun", "chun", "chon"),  # 전
    "go": ("ko", "koh"),  # 고
    "mun": ("moon",),  # 문
    "son": ("sohn",),  # 손
    "bae": ("pae",),  # 배
    "baek": ("paik", "paek", "baik"),  # 백
    "heo": ("huh", "hur", "ho"),  # 허
    "no": ("noh", "roh"),  # 노
    "seong": ("sung",),  # 성
    "ju": ("joo", "chu"),  # 주
    "gu": ("koo", "ku"),  # 구
    "ji": ("chi",),  # 지
    "eom": ("um", "uhm", "eum"),  # 엄
    "cheon": ("chun",),  # 천
    "byeon": ("byun", "pyon", "pyun"),  # 변
    "geum": ("keum", "kum"),  # 금
    "guk": ("kook", "kuk"),  # 국
    "gim": ("kim",),  # 김
    "han": ("hahn",),  # 한
    "o": ("oh",),  # 오
    "u": ("woo", "wu"),  # 우
    "na": ("ra", "nah"),  # 나
    "hwang": ("whang",),  # 황
    "seo": ("suh", "seoh"),  # 서
    "yang": ("ryang",),  # 양
    "song": ("soung",),  # 송
    "hong": ("houng",),  # 홍
}


# Hangul syllables (U+AC00 to U+D7A3) are initial x 21 vowels x 28 finals, in Unicode's order.
_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3
_INITIAL_JAMO = (
    "\u3131\u3132\u3134\u3137\u3138\u3139\u3141\u3142\u3143\u3145"
    "\u3146\u3147\u3148\u3149\u314a\u314b\u314c\u314d\u314e"
)
# Each final: its sound at the end of a word or before a consonant (RR 2000, article 3: the
# seven final sounds), and its spelling when a syllable with a silent initial follows and
# the consonant is said as that syllable's initial (Seorak, Seogu).
_FINALS_RR: tuple[tuple[str, str], ...] = (
    ("", ""), ("k", "g"), ("k", "kk"), ("k", "ks"), ("n", "n"), ("n", "nj"), ("n", "nh"),
    ("t", "d"), ("l", "r"), ("k", "lg"), ("m", "lm"), ("l", "lb"), ("l", "ls"), ("l", "lt"),
    ("p", "lp"), ("l", "lh"), ("m", "m"), ("p", "b"), ("p", "ps"), ("t", "s"), ("t", "ss"),
    ("ng", "ng"), ("t", "j"), ("t", "ch"), ("k", "k"), ("t", "t"), ("p", "p"), ("t", "h"),
)  # fmt: skip


def revised_romanization(word: str) -> str | None:
    """A word of Hangul syllables in Revised Romanization (RR 2000), or None if it is not one.

    Final consonants are written as they sound (백 Baek, 석 Seok, 박 Bak), as the standard and
    passports write names; a final before a syllable with a silent initial is written as that
    syllable's initial. Sound changes between syllables are not written: the standard leaves
    them out of given names (복남 Boknam)."""
    if not word or not all(_FIRST_SYLLABLE <= ord(c) <= _LAST_SYLLABLE for c in word):
        return None
    silent = _INITIAL_JAMO.index("\u3147")
    parts = [divmod(ord(c) - _FIRST_SYLLABLE, 28) for c in word]
    letters: list[str] = []
    for i, (lead_vowel, final) in enumerate(parts):
        lead, vowel = divmod(lead_vowel, 21)
        letters.append(INITIALS[_INITIAL_JAMO[lead]][0] + VOWELS[chr(0x314F + vowel)][0])
        next_silent = i + 1 < len(parts) and parts[i + 1][0] // 21 == silent
        letters.append(_FINALS_RR[final][1] if next_silent else _FINALS_RR[final][0])
    return "".join(letters)
