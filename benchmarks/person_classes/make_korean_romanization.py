# ruff: noqa: SIM905  (the standard tables read as written, one letter group per word)
"""Write korean_romanization.jsonl: Korean names in McCune-Reischauer and passport
spellings against Revised Romanization.

Names are built from common Hangul surnames and given-name syllables. Their Revised
Romanization (2000) and McCune-Reischauer (1939, breves and apostrophes dropped) come
from the jamo tables of both standards, syllable by syllable (MR writes plain stops
unvoiced at the start of a word, voiced between voiced sounds); surnames also take the
passport spellings of the National Institute of Korean Language's surname survey.

True pairs: record in RR (or in Hangul), query in MR or a passport spelling, sometimes
with the date left out. False pairs: another person whose given name differs in one
syllable (ae / a, another syllable), the same date of birth half the time.

    PYTHONPATH=src python benchmarks/person_classes/make_korean_romanization.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from polnet.screening.engine.person.korean_romanization import SURNAMES

OUT = Path(__file__).parent / "korean_romanization.jsonl"
FAMILY = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허노성주구지엄천변금국"
GIVEN = "민수영지현서준우진성은혜정호경희재석동훈상철미숙연하도윤태원나자배바"
_RR_I = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MR_I = ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h"]
_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_RR_V = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_MR_V = "a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i".split()
_FINAL = [
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
]
_FINAL += ["ng", "t", "t", "k", "t", "p", "t"]


def jamo(syllable: str) -> tuple[int, int, int]:
    code = ord(syllable) - 0xAC00
    return code // 588, (code % 588) // 28, code % 28


def rr(word: str) -> str:
    out = ""
    for s in word:
        i, v, f = jamo(s)
        out += ("l" if i == 5 and out.endswith("l") else _RR_I[i]) + _RR_V[v] + _FINAL[f]
    return out


def mr(word: str) -> str:
    out = ""
    for n, s in enumerate(word):
        i, v, f = jamo(s)
        initial = _MR_I[i]
        if n and i in (0, 3, 7, 12) and not out.endswith(("k", "t", "p")):
            initial = _VOICED[initial]
        if i == 9 and _MR_V[v] == "i":
            initial = "sh"
        if i == 5 and out.endswith("l"):
            initial = "l"
        out += initial + _MR_V[v] + _FINAL[f]
    return out


def dob(rng: random.Random) -> str:
    return f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def record(family: str, given: str, born: str, hangul: bool) -> dict[str, object]:
    if hangul:
        return {"names": [{"full": family + given, "script": "Hang"}], "dob": born}
    return {"names": [{"given": rr(given).title(), "family": rr(family).title()}], "dob": born}


def main() -> None:
    rng = random.Random(20)
    lines: list[dict[str, object]] = []
    for i in range(400):
        family = rng.choice(FAMILY)
        given = rng.choice(GIVEN) + rng.choice(GIVEN)
        born = dob(rng)
        hangul = i % 4 < 2
        if i % 2 == 0:
            spelled = SURNAMES.get(rr(family), ())
            surname = rng.choice(spelled) if spelled and rng.random() < 0.7 else mr(family)
            syllables = [mr(s) for s in given]
            given_text = "-".join(syllables) if rng.random() < 0.5 else mr(given)
            name = f"{surname.title()} {given_text.capitalize()}"
            if rng.random() < 0.4:
                name = f"{given_text.capitalize()} {surname.title()}"
            query_dob = "" if rng.random() < 0.2 else born
            why = f"McCune-Reischauer / passport {name} = RR {rr(family)} {rr(given)}"
            lines.append(
                {
                    "query": {"name": name, "dob": query_dob},
                    "record": record(family, given, born, hangul),
                    "match": True,
                    "why": why
                    + (" (record in Hangul)" if hangul else "")
                    + ("" if query_dob else ", no date"),
                }
            )
        else:
            pos = rng.randrange(2)
            other = given
            while other == given or rr(other) == rr(given):
                other = given[:pos] + rng.choice(GIVEN) + given[pos + 1 :]
            other_dob = born if rng.random() < 0.5 else dob(rng)
            system = rng.choice(("MR", "RR"))
            spell = mr if system == "MR" else rr
            name = f"{spell(family).title()} {spell(other).title()}"
            lines.append(
                {
                    "query": {"name": name, "dob": other_dob},
                    "record": record(family, given, born, hangul),
                    "match": False,
                    "why": f"different person: {name} ({system}) vs RR {rr(family)} {rr(given)}, "
                    "one given-name syllable apart" + (", same date of birth" if other_dob == born else ""),
                }
            )
    with OUT.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
