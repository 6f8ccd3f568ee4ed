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

__all__ = ["FINALS", "INITIALS", "SURNAMES", "VOWELS"]

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
