from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from polnet.identifiers.mrz import (
    MRZData,
    MRZError,
    MRZFormat,
    PartialDate,
    check_digit,
    parse_mrz,
)

REF = date(2026, 6, 1)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
VALUE = {c: (0 if c == "<" else int(c, 36)) for c in ALPHABET}

# Doc 9303 specimens (DOMAIN.md), and the Part 5/6 specimens for TD2 and a TD1 long number.
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
TD2 = (
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "D231458907UTO7408122F1204159<<<<<<<6",
)
TD1_LONG = (
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "3407127M9507122UTO<<<<<<<<<<<2",
    "STEVENSON<<PETER<JOHN<<<<<<<<<",
)


def parse(lines: Sequence[str]) -> MRZData:
    return parse_mrz("\n".join(lines), reference_date=REF)


def td3(
    number: str = "L898902C3",
    birth: str = "740812",
    expiry: str = "120415",
    optional: str = "ZE184226B",
    code: str = "P<",
    state: str = "UTO",
    names: str = "ERIKSSON<<ANNA<MARIA",
) -> tuple[str, str]:
    """A TD3 with correct check digits, built field by field."""
    num, opt = number.ljust(9, "<"), optional.ljust(14, "<")
    l2 = num + check_digit(num) + "UTO" + birth + check_digit(birth) + "F"
    l2 += expiry + check_digit(expiry) + opt + check_digit(opt)
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    return code + state + names.ljust(39, "<"), l2


def test_check_digits_of_the_specimen() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit("L898902C36" + "7408122" + "1204159ZE184226B<<<<<1") == "0"
    assert td3() == TD3


def test_td3_specimen_fields() -> None:
    m = parse_mrz("\n".join(TD3), reference_date=REF)
    assert m.format is MRZFormat.TD3
    assert (m.document_code, m.document_kind, m.issuing_state) == ("P", "passport", "UTO")
    assert (m.surname, m.given_names, m.names_truncated) == ("ERIKSSON", "ANNA MARIA", False)
    assert (m.document_number, m.nationality, m.sex) == ("L898902C3", "UTO", "F")
    assert m.birth_date == PartialDate(1974, 8, 12)
    assert m.birth_date.as_date() == date(1974, 8, 12)
    assert m.expiry_date == date(2012, 4, 15)
    assert m.optional_data == "ZE184226B"
    assert m.lines == TD3


def test_td1_specimen_fields() -> None:
    m = parse_mrz("\n".join(TD1), reference_date=REF)
    assert m.format is MRZFormat.TD1
    assert (m.document_code, m.document_kind) == ("I", "identity_card")
    assert (m.document_number, m.issuing_state, m.nationality) == ("D23145890", "UTO", "UTO")
    assert (m.surname, m.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert m.birth_date == PartialDate(1974, 8, 12)
    assert m.expiry_date == date(2012, 4, 15)
    assert (m.optional_data, m.optional_data_2, m.sex) == ("", "", "F")


def test_td2_specimen_fields() -> None:
    m = parse_mrz("\n".join(TD2), reference_date=REF)
    assert m.format is MRZFormat.TD2
    assert (m.document_number, m.surname, m.given_names) == ("D23145890", "ERIKSSON", "ANNA MARIA")
    assert m.birth_date == PartialDate(1974, 8, 12)
    assert m.expiry_date == date(2012, 4, 15)


def test_td1_long_document_number_overflows_into_optional_data() -> None:
    m = parse_mrz("\n".join(TD1_LONG), reference_date=REF)
    assert m.document_number == "D23145890734"
    assert m.optional_data == ""
    assert (m.surname, m.given_names, m.sex) == ("STEVENSON", "PETER JOHN", "M")
    assert m.birth_date == PartialDate(1934, 7, 12)
    assert m.expiry_date == date(1995, 7, 12)


def test_td1_long_number_without_continuation_is_a_document_number_error() -> None:
    l1 = "I<UTOD23145890<<<<<<<<<<<<<<<<"
    with pytest.raises(MRZError) as err:
        parse([l1, *TD1_LONG[1:]])
    assert err.value.field == "document_number"


def test_td2_long_document_number() -> None:
    num, rest = "D23145890", "734"
    cont = rest + check_digit(num + rest) + "<" + "<" * 2
    l2 = num + "<" + "UTO" + "740812" + check_digit("740812") + "F"
    l2 += "120415" + check_digit("120415") + cont
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:35])
    m = parse([TD2[0], l2])
    assert m.document_number == "D23145890734"


def test_visas_have_no_composite() -> None:
    mrv_a = (
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    )
    m = parse_mrz("\n".join(mrv_a), reference_date=REF)
    assert (m.format, m.document_kind, m.document_number) == (MRZFormat.MRV_A, "visa", "L8988901C")
    assert m.optional_data == "6ZE184226B"
    mrv_b = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<")
    assert parse_mrz("\n".join(mrv_b), reference_date=REF).format is MRZFormat.MRV_B


# Every checked position of each specimen, with the field a corruption there must name.
def _fields(spec: dict[tuple[int, range], str | set[str]]) -> dict[tuple[int, int], set[str]]:
    out: dict[tuple[int, int], set[str]] = {}
    for (line, cols), name in spec.items():
        for col in cols:
            out[line, col] = {name} if isinstance(name, str) else name
    return out


CHECKED = {
    "TD3": (TD3, _fields({
        (1, range(0, 10)): "document_number",
        (1, range(13, 20)): "birth_date",
        (1, range(21, 28)): "expiry_date",
        (1, range(28, 43)): "optional_data",
        (1, range(43, 44)): "composite",
    })),
    "TD2": (TD2, _fields({
        (1, range(0, 10)): "document_number",
        (1, range(13, 20)): "birth_date",
        (1, range(21, 28)): "expiry_date",
        (1, range(28, 36)): "composite",
    })),
    "TD1": (TD1, _fields({
        (0, range(5, 15)): "document_number",
        (0, range(15, 30)): "composite",
        (1, range(0, 7)): "birth_date",
        (1, range(8, 15)): "expiry_date",
        (1, range(18, 30)): "composite",
    })),
    "TD1-long": (TD1_LONG, _fields({
        (0, range(5, 14)): "document_number",
        # the overflow: damage may break its own check or only the composite
        (0, range(14, 20)): {"document_number", "composite"},
        (0, range(20, 30)): "composite",
        (1, range(0, 7)): "birth_date",
        (1, range(8, 15)): "expiry_date",
        (1, range(18, 30)): "composite",
    })),
}  # fmt: skip
# Positions where only digits (or whole '<<' date parts) are valid: nothing may slip by.
DIGIT_ONLY = {
    "TD3": {(1, c) for c in (9, 19, 27, 42, 43, *range(13, 19), *range(21, 27))},
    "TD2": {(1, c) for c in (9, 19, 27, 35, *range(13, 19), *range(21, 27))},
    "TD1": {(0, 14), *((1, c) for c in (6, 14, 29, *range(0, 6), *range(8, 14)))},
    "TD1-long": {(0, 18), *((1, c) for c in (6, 14, 29, *range(0, 6), *range(8, 14)))},
}


@pytest.mark.parametrize("name", list(CHECKED))
def test_every_single_character_corruption_names_its_field(name: str) -> None:
    lines, fields = CHECKED[name]
    slipped = 0
    for (line, col), expected in fields.items():
        original = lines[line][col]
        for c in ALPHABET.replace(original, ""):
            bad = list(lines)
            bad[line] = bad[line][:col] + c + bad[line][col + 1 :]
            try:
                parse(bad)
            except MRZError as e:
                assert e.field in expected, (name, line, col, c, e)
                continue
            # Accepted: only possible where 7-3-1 is blind (value difference 10, 20, 30)
            # and the position is alphanumeric.
            assert (VALUE[c] - VALUE[original]) % 10 == 0, (name, line, col, c)
            assert (line, col) not in DIGIT_ONLY[name], (name, line, col, c)
            slipped += 1
    # The blind spots are a small share of all corruptions.
    assert slipped < 0.1 * sum(len(ALPHABET) - 1 for _ in fields)


def test_check_digit_error_reports_expected_and_found() -> None:
    bad = (TD3[0], TD3[1][:9] + "7" + TD3[1][10:])
    with pytest.raises(MRZError) as err:
        parse(bad)
    assert (err.value.field, err.value.expected, err.value.found) == ("document_number", "6", "7")
    assert "expected 6" in str(err.value) and "found 7" in str(err.value)


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(TD3).lower(),
        "  " + TD3[0] + "\r\n\r\n" + TD3[1] + "  \n",
        TD3[0] + " " + TD3[1],
        TD3[0] + TD3[1],
        TD3[0][:10] + " " + TD3[0][10:] + "\n" + TD3[1],
        "\n".join(TD3).replace("<", "\u00ab"),
        TD3[0].rstrip("<") + "\n" + TD3[1],
        "\n".join(line.rstrip("<") for line in TD1),
    ],
)
def test_paste_forms(text: str) -> None:
    m = parse_mrz(text, reference_date=REF)
    assert m.surname == "ERIKSSON" and m.given_names == "ANNA MARIA"


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        (("P<UTOERIKSSON", "L898902C36"), "format"),
        ((TD3[0], TD3[1][:-1]), "format"),  # line 2 ends with a check digit: never trimmed
        ((*TD1[:2], TD1[2], TD1[2]), "format"),
        ((TD3[0], TD3[1][:3] + "*" + TD3[1][4:]), "document_number"),
        (("X" + TD3[0][1:], TD3[1]), "document_code"),
        ((TD3[0], TD3[1][:20] + "Q" + TD3[1][21:]), "sex"),
        ((TD3[0][:2] + "U1O" + TD3[0][5:], TD3[1]), "issuing_state"),
        ((TD3[0], TD3[1][:10] + "U<O" + TD3[1][13:]), "nationality"),
        ((TD3[0][:5] + "3RIKSSON" + TD3[0][13:], TD3[1]), "names"),
        (td3(birth="741312"), "birth_date"),
        (td3(birth="740231"), "birth_date"),
        (td3(expiry="120431"), "expiry_date"),
        (td3(expiry="12<<15"), "expiry_date"),
        (td3(number="L89<902C3"), "document_number"),
    ],
)
def test_structural_errors_name_the_field(lines: tuple[str, ...], field: str) -> None:
    with pytest.raises(MRZError) as err:
        parse(lines)
    assert err.value.field == field


def test_letter_o_in_a_date_is_rejected_with_a_hint() -> None:
    bad = (TD3[0], TD3[1][:13] + "74O812" + TD3[1][19:])
    with pytest.raises(MRZError, match="letter O") as err:
        parse(bad)
    assert err.value.field == "birth_date"


@pytest.mark.parametrize(
    ("birth", "ref", "expected"),
    [
        ("740812", date(2026, 6, 1), PartialDate(1974, 8, 12)),
        ("150101", date(2026, 6, 1), PartialDate(2015, 1, 1)),
        ("260602", date(2026, 6, 1), PartialDate(1926, 6, 2)),  # tomorrow: last century
        ("260601", date(2026, 6, 1), PartialDate(2026, 6, 1)),  # born today
        ("30<<<<", date(2026, 6, 1), PartialDate(1930, None, None)),
        ("<<<<<<", date(2026, 6, 1), PartialDate(None, None, None)),
        ("<<0229", date(2026, 6, 1), PartialDate(None, 2, 29)),
        ("0002<<", date(2026, 6, 1), PartialDate(2000, 2, None)),
    ],
)
def test_birth_century_and_unknown_parts(birth: str, ref: date, expected: PartialDate) -> None:
    m = parse_mrz("\n".join(td3(birth=birth)), reference_date=ref)
    assert m.birth_date == expected


@pytest.mark.parametrize(
    ("expiry", "expected"),
    [("301231", date(2030, 12, 31)), ("450101", date(2045, 1, 1)), ("460101", date(1946, 1, 1))],
)
def test_expiry_century(expiry: str, expected: date) -> None:
    assert parse(td3(expiry=expiry)).expiry_date == expected


def test_expiry_may_be_absent() -> None:
    assert parse(td3(expiry="<<<<<<")).expiry_date is None


def test_non_leap_29_february_is_rejected() -> None:
    with pytest.raises(MRZError) as err:
        parse(td3(birth="710229"))
    assert err.value.field == "birth_date"


def test_empty_personal_number_may_use_filler_check_digit() -> None:
    l1, l2 = td3(optional="")
    assert l2[42] == "0"
    for digit in "0<":
        m = parse((l1, l2[:42] + digit + check_digit(l2[0:10] + l2[13:20] + l2[21:42] + digit)))
        assert m.optional_data == ""
    l1, l2 = td3(optional="AB12")
    with pytest.raises(MRZError) as err:
        parse((l1, l2[:42] + "<" + l2[43]))
    assert err.value.field == "optional_data"


def test_names_multi_part_and_truncated() -> None:
    m = parse(td3(names="VAN<DER<BERG<<JAN<<PIETER"))
    assert (m.surname, m.given_names) == ("VAN DER BERG", "JAN PIETER")
    full = "WOLFESCHLEGELSTEINHAUSEN<<HUBERT<BLAINEX"
    assert len(full) > 39
    m = parse(td3(names=full[:39]))
    assert m.names_truncated and m.surname == "WOLFESCHLEGELSTEINHAUSEN"


def test_germany_issuing_state_keeps_its_one_letter_code() -> None:
    m = parse(td3(state="D<<"))
    assert m.issuing_state == "D"
