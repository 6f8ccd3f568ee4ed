"""Digits in names, read as the letters OCR takes them for.

Scanned lists and machine-read zones print names with digits for letters (0LGA, A1I,
5ERGEI). The confusions are the identifier library's single table
(:data:`polnet.identifiers.normalise.OCR_CONFUSABLE_PAIRS`: O/0, I/1, Z/2, S/5, B/8), so a
name and a document number are read alike. A 1 also stands for a lower-case l, which
prints the same in most sans-serif faces: a name with a 1 is read both ways.
"""

from __future__ import annotations

import re

from polnet.identifiers.normalise import OCR_CONFUSABLE_PAIRS

__all__ = ["OCR_LABEL_WORDS", "ocr_labels", "ocr_readings", "read_digits"]

_LETTER_FOR = {digit: letter for letter, digit in OCR_CONFUSABLE_PAIRS}
_DIGITS = str.maketrans({digit: letter.lower() for digit, letter in _LETTER_FOR.items()})
# A digit touching a letter is part of a name; a digit alone (a date, a number) is not.
_DIGIT_CLASS = "[" + "".join(_LETTER_FOR) + "]"
_IN_NAME = re.compile(rf"(?<=[^\W\d_]){_DIGIT_CLASS}|{_DIGIT_CLASS}(?=[^\W\d_])")
_ONE_IN_NAME = re.compile(r"(?<=[^\W\d_])1+|1+(?=[^\W\d_])")


def read_digits(word: str) -> str:
    """The usual reading of a word with letters: a leading 1 is a capital I (1van), else an l (A1i)."""
    if word[0] == "1":
        word = "i" + word[1:]
    return word.replace("1", "l").translate(_DIGITS)


def ocr_readings(text: str) -> tuple[str, ...]:
    """The other readings of a name whose parts hold a 1: every such 1 as I, then as l."""
    if "1" not in text or not _ONE_IN_NAME.search(text):
        return ()
    return (
        _ONE_IN_NAME.sub(lambda m: "I" * len(m.group()), text),
        _ONE_IN_NAME.sub(lambda m: "l" * len(m.group()), text),
    )


def ocr_labels(text: str) -> list[str]:
    """English words for the digits read as letters in a name: "read 0 as O (OCR)" ..."""
    return [OCR_LABEL_WORDS[f"ocr_{digit}"] for digit in sorted(set(_IN_NAME.findall(text)))]


# The stable code of each of those labels, and its English words.
OCR_LABEL_WORDS: dict[str, str] = {
    f"ocr_{digit}": f"read {digit} as {'I or l' if digit == '1' else letter} (OCR)"
    for digit, letter in sorted(_LETTER_FOR.items())
}
