# ruff: noqa: E501  (a line of Han characters is one list)
"""Write chinese_romanization.jsonl: Chinese names in Wade-Giles against pinyin.

Names are built from common Han surnames and given-name characters; their pinyin and
Wade-Giles spellings come from pypinyin 0.55 (MIT licence, `Style.NORMAL` and
`Style.WADEGILES`, the system of Wade and Giles, 1892), printed as Taiwanese passports
print Wade-Giles: no apostrophes or umlauts, given-name syllables hyphenated or joined.

True pairs: the stored record in pinyin (or in Han characters), the query in Wade-Giles,
sometimes with a second change (order, date missing, given name joined or split).
False pairs: another person whose name differs by one given-name syllable or by one
initial (Wang Ping / Wang Ning, pinyin j / y, q / x), the same date of birth half the time.

    PYTHONPATH=<pypinyin> python benchmarks/person_classes/make_chinese_romanization.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from pypinyin import Style, pinyin

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华志建国文辉玉红云峰婷雪琳晨宇浩俊鹏飞斌宁凯龙海波"
GIVEN += "春梅金荣昌德林清正庆永忠家佳欣怡嘉子思梓晓小新东"
OUT = Path(__file__).with_suffix("").parent / "chinese_romanization.jsonl"


def _py(text: str, style: Style) -> list[str]:
    return [re.sub(r"[^a-z]", "", s[0].replace("ü", "v")) for s in pinyin(text, style=style)]


def spell(chars: str, style: Style, rng: random.Random) -> tuple[str, str]:
    """(family, given) of a Han name in one system; given syllables hyphenated or joined."""
    sylls = [s.replace("v", "u" if style == Style.WADEGILES else "v") for s in _py(chars, style)]
    family = sylls[0].title()
    rest = sylls[1:]
    joiner = "-" if style == Style.WADEGILES and rng.random() < 0.7 else ""
    given = joiner.join(rest).title() if joiner else "".join(rest).title()
    if joiner:
        given = "-".join(s.lower() for s in rest).capitalize()
    return family, given


def dob(rng: random.Random) -> str:
    return f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def record(chars: str, born: str, rng: random.Random, han: bool) -> dict[str, object]:
    if han:
        return {"names": [{"full": chars, "script": "Hani"}], "dob": born}
    family, given = spell(chars, Style.NORMAL, rng)
    return {"names": [{"given": given, "family": family}], "dob": born}


def neighbour(chars: str, rng: random.Random) -> str:
    """Another name one given-name character away that reads differently."""
    own = _py(chars, Style.NORMAL)
    for attempt in range(2000):
        pos = rng.randrange(1, len(chars))
        other = rng.choice(GIVEN)
        candidate = chars[:pos] + other + chars[pos + 1 :]
        theirs = _py(candidate, Style.NORMAL)
        # One letter or one initial apart: the traps that loose keys merge.
        a, b = theirs[pos], own[pos]
        near = len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
        if a != b and (near or attempt > 1000):
            return candidate
    return chars[:1] + GIVEN[0] + chars[2:]


def main() -> None:
    rng = random.Random(20)
    lines: list[dict[str, object]] = []
    for i in range(400):
        chars = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        born = dob(rng)
        family, given = spell(chars, Style.WADEGILES, rng)
        query_dob = born
        change = ""
        if i % 2 == 0:
            han = i % 4 == 0
            name = f"{family} {given}" if rng.random() < 0.5 else f"{given} {family}"
            if rng.random() < 0.2:
                query_dob, change = "", ", date of birth not given"
            lines.append(
                {
                    "query": {"name": name, "dob": query_dob},
                    "record": record(chars, born, rng, han),
                    "match": True,
                    "why": f"Wade-Giles {name} = pinyin {' '.join(_py(chars, Style.NORMAL))}"
                    + (" (record in Han)" if han else "")
                    + change,
                }
            )
        else:
            other = neighbour(chars, rng)
            other_dob = born if rng.random() < 0.5 else dob(rng)
            wade = rng.random() < 0.6
            style = Style.WADEGILES if wade else Style.NORMAL
            family, given = spell(other, style, rng)
            name = f"{family} {given}"
            lines.append(
                {
                    "query": {"name": name, "dob": other_dob},
                    "record": record(chars, born, rng, i % 4 == 1),
                    "match": False,
                    "why": f"different person: {name} ({'Wade-Giles' if wade else 'pinyin'}) vs "
                    f"{' '.join(_py(chars, Style.NORMAL))}, one syllable apart"
                    + (", same date of birth" if other_dob == born else ""),
                }
            )
    with OUT.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
