"""Matching listed terms in free text, in Arabic, English, French and Spanish.

Text and terms are folded the same way: compatibility-decomposed, combining marks removed
(accents, Arabic short vowels and hamza carriers), case-folded, Arabic letter variants
unified (alef forms, alef maqsura, ta marbuta) and tatweel dropped. A term is a phrase of
words; a word ending in ``*`` matches any word it starts. The words of a phrase must come
in order with at most two other words between them ("insult* head of state" finds
"insulting the head of state"). Arabic words are also tried without the clitics that
attach to the front of a word (wa-, bi-, li-, fa-, ka-, al-), so "التجديف" finds "بالتجديف".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_GAP = 2
_WORD = re.compile(r"[\w*]+")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
# alef maqsura -> yeh, ta marbuta -> heh, alef wasla -> alef; tatweel dropped.
_ARABIC_FOLD = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647", "\u0671": "\u0627", "\u0640": None})
# Longest first, so that "وال" is removed whole rather than leaving "ال".
_ARABIC_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(_ARABIC_FOLD)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("*", " "))


def _variants(word: str) -> tuple[str, ...]:
    if not _ARABIC.search(word):
        return (word,)
    out = [word]
    for clitic in _ARABIC_CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            out.append(word[len(clitic) :])
    return tuple(out)


@dataclass(frozen=True)
class Pattern:
    """One folded term: its words, and which of them match as prefixes."""

    words: tuple[str, ...]
    prefix: tuple[bool, ...]

    def _word_matches(self, index: int, candidate: str) -> bool:
        wanted = _variants(self.words[index])
        for form in _variants(candidate):
            for w in wanted:
                if form == w or (self.prefix[index] and form.startswith(w)):
                    return True
        return False

    def find(self, text_words: list[str]) -> int | None:
        """The index of the first word of a match, or None."""
        if not self.words:
            return None
        for start, word in enumerate(text_words):
            if not self._word_matches(0, word):
                continue
            at = start
            for i in range(1, len(self.words)):
                window = range(at + 1, min(at + 2 + MAX_GAP, len(text_words)))
                nxt = next((j for j in window if self._word_matches(i, text_words[j])), None)
                if nxt is None:
                    break
                at = nxt
            else:
                return start
        return None


@lru_cache(maxsize=4096)
def compile_term(term: str) -> Pattern:
    parts = _WORD.findall(fold(term))
    return Pattern(
        tuple(p.rstrip("*") for p in parts if p.rstrip("*")),
        tuple(p.endswith("*") for p in parts if p.rstrip("*")),
    )


def excerpt(text_words: list[str], start: int, span: int = 8) -> str:
    """A few words around a match, in folded form (the reviewer reads the field itself)."""
    return " ".join(text_words[max(0, start - 3) : start + span])
