from __future__ import annotations

import pytest

from polnet.synthetic.names import style
from polnet.synthetic.translit import cyrillic, greek, indic, korean_surname, latinise


@pytest.mark.parametrize(
    ("native", "system", "latin"),
    [
        ("Иванов", None, "Ivanov"),
        ("Иванов", "german", "Iwanow"),
        ("Юрий Жуков", "french", "Iouri Joukov"),
        ("Дмитрий", "icao", "Dmitrii"),
        ("Георгій", "uk", "Heorhii"),
        ("Ярослав", "uk", "Yaroslav"),
        ("Щерев", "bg", "Shterev"),
    ],
)
def test_cyrillic(native: str, system: str | None, latin: str) -> None:
    assert (cyrillic(native, system) if system else latinise(native, "Cyrl")) == latin


def test_other_scripts() -> None:
    assert greek("Γεώργιος Παπαδόπουλος") == "Georgios Papadopoulos"
    assert greek("Ευάγγελος") == "Evangelos"
    assert indic("शर्मा", "Deva") == "Sharma"
    assert indic("राहुल", "Deva") == "Rahul"
    assert indic("कृष्ण", "Deva") == "Krishna"
    assert korean_surname("김") == "Kim"
    assert latinise("ოქრუაშვილი", "Geor") == "Okruashvili"


def test_chinese_pool_forms() -> None:
    st = style("zh_CN")
    zhang = next(e for e in st.family_male.entries if e.native == "张")
    wei = next(e for e in st.male.entries if e.native == "伟")
    assert zhang.latin[0] == "Zhang" and wei.latin[0] == "Wei"
    assert st.eastern and st.native_sep == ""
