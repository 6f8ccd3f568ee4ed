"""Stolen motor vehicles: ISO 3779 VINs with real manufacturer codes, and
number plates in each country's format."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from polnet.identifiers.vin import vin_check_digit
from polnet.synthetic.countries import country
from polnet.synthetic.numbering import CLASSES, NumberFormat, UniqueNumbers
from polnet.synthetic.rows import SynthVehicle

VIN_CHARS = CLASSES["V"]
# Model-year codes (position 10) repeat every 30 years from 1980.
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"


@dataclass(frozen=True, slots=True)
class Maker:
    wmi: str
    make: str
    models: tuple[str, ...]
    # Position 9: "c" check digit (mandatory in North America, used by many
    # others), "z" the filler Z of the VW group, "r" a manufacturer code.
    pos9: str
    weight: int


def _m(wmi: str, make: str, models: str, pos9: str = "r", weight: int = 2) -> Maker:
    return Maker(wmi, make, tuple(models.split(", ")), pos9, weight)


MAKERS: tuple[Maker, ...] = (
    _m("1HG", "Honda", "Accord, Civic", "c", 4),
    _m("1FA", "Ford", "Mustang, Fusion, Focus", "c", 3),
    _m("1FT", "Ford", "F-150, F-250, Ranger", "c", 4),
    _m("1G1", "Chevrolet", "Malibu, Cruze, Impala", "c", 3),
    _m("1GC", "Chevrolet", "Silverado, Colorado", "c", 3),
    _m("1N4", "Nissan", "Altima, Sentra", "c", 2),
    _m("1C4", "Jeep", "Grand Cherokee, Wrangler, Cherokee", "c", 3),
    _m("2HG", "Honda", "Civic", "c", 2),
    _m("2T1", "Toyota", "Corolla, Matrix", "c", 2),
    _m("3VW", "Volkswagen", "Jetta, Beetle", "c", 2),
    _m("3N1", "Nissan", "Sentra, Versa", "c", 2),
    _m("4T1", "Toyota", "Camry, Avalon", "c", 4),
    _m("4S4", "Subaru", "Outback, Ascent", "c", 1),
    _m("5YJ", "Tesla", "Model S, Model 3, Model X, Model Y", "c", 2),
    _m("5NP", "Hyundai", "Elantra, Sonata", "c", 2),
    _m("5UX", "BMW", "X3, X5", "c", 2),
    _m("5FN", "Honda", "Pilot, Odyssey", "c", 1),
    _m("WBA", "BMW", "3 Series, 5 Series, X1, 1 Series", "r", 4),
    _m("WDD", "Mercedes-Benz", "C-Class, E-Class, A-Class", "r", 4),
    _m("W1K", "Mercedes-Benz", "S-Class, C-Class, E-Class", "r", 2),
    _m("WVW", "Volkswagen", "Golf, Polo, Passat", "z", 5),
    _m("WV2", "Volkswagen", "Transporter, Caravelle", "z", 2),
    _m("WAU", "Audi", "A3, A4, A6, Q5", "z", 3),
    _m("WP0", "Porsche", "911, Cayenne, Macan", "c", 1),
    _m("W0L", "Opel", "Astra, Corsa, Insignia", "r", 3),
    _m("VF1", "Renault", "Clio, Megane, Captur, Kangoo", "r", 4),
    _m("VF3", "Peugeot", "208, 308, 3008, Partner", "r", 4),
    _m("VF7", "Citroen", "C3, C4, Berlingo", "r", 3),
    _m("ZFA", "Fiat", "Panda, 500, Punto, Ducato", "r", 3),
    _m("ZAR", "Alfa Romeo", "Giulia, Giulietta, Stelvio", "r", 1),
    _m("ZFF", "Ferrari", "488 GTB, F8 Tributo, Roma", "c", 1),
    _m("SAL", "Land Rover", "Range Rover, Discovery, Defender", "r", 3),
    _m("SAJ", "Jaguar", "XF, F-Pace, XE", "r", 1),
    _m("YV1", "Volvo", "XC60, XC90, V60", "c", 2),
    _m("TMB", "Skoda", "Octavia, Fabia, Superb", "z", 3),
    _m("VSS", "SEAT", "Ibiza, Leon, Ateca", "z", 2),
    _m("SJN", "Nissan", "Qashqai, Juke", "r", 2),
    _m("XTA", "Lada", "Granta, Vesta, Niva", "r", 2),
    _m("NMT", "Toyota", "C-HR, Corolla", "r", 1),
    _m("JHM", "Honda", "Civic, CR-V, Jazz", "c", 3),
    _m("JTD", "Toyota", "Yaris, Prius, Corolla", "c", 4),
    _m("JTE", "Toyota", "Land Cruiser, RAV4", "c", 3),
    _m("JN1", "Nissan", "Patrol, X-Trail, Navara", "c", 2),
    _m("JM1", "Mazda", "Mazda3, Mazda6, CX-5", "c", 2),
    _m("JF1", "Subaru", "Impreza, Forester", "c", 1),
    _m("JMB", "Mitsubishi", "Pajero, Outlander, L200", "c", 2),
    _m("KMH", "Hyundai", "Tucson, i30, Elantra, Santa Fe", "c", 3),
    _m("KNA", "Kia", "Sportage, Rio, Ceed", "c", 3),
    _m("LSV", "Volkswagen", "Lavida, Passat, Tiguan", "r", 2),
    _m("LRW", "Tesla", "Model 3, Model Y", "c", 1),
    _m("MA3", "Maruti Suzuki", "Swift, Alto, Baleno", "r", 2),
    _m("MAT", "Tata", "Nexon, Tiago", "r", 1),
    _m("MR0", "Toyota", "Hilux, Fortuner", "r", 2),
    _m("9BW", "Volkswagen", "Gol, Polo, Saveiro", "z", 2),
    _m("9BG", "Chevrolet", "Onix, S10", "r", 1),
    _m("8AJ", "Toyota", "Hilux, SW4", "r", 1),
    _m("AHT", "Toyota", "Hilux, Corolla", "r", 2),
    _m("AAV", "Volkswagen", "Polo, Polo Vivo", "z", 1),
    _m("6T1", "Toyota", "Camry, Aurion", "c", 1),
)

COLOURS = (
    "black", "white", "silver", "grey", "blue", "red", "green", "beige", "brown",
    "yellow", "orange", "dark blue", "dark green", "gold", "maroon",
)  # fmt: skip

_D = "BDFHKLMNRSW"  # single-letter German registration districts
_P = "京沪粤川苏浙鲁豫"  # Chinese province abbreviations
_PLATES = {
    "FR": "FF-999-FF", "GB": "BB99 BBB", "IT": "BB 999BB", "ES": "9999 CCC",
    "NL": "99-BBB-9", "US": "BBB9999", "CA": "BBBB 999", "RU": "R999RR99",
    "BR": "BBB9B99", "AR": "BB 999 BB", "MX": "BBB-999-B", "PL": "BB 99999",
    "UA": "BB 9999 BB", "TR": "99 BBB 999", "AU": "BB99BB", "CH": "BB 999999",
    "BE": "9-BBB-999", "AT": "B 99999 B", "SE": "BBB 99B", "JP": "999 B 99-99",
}  # fmt: skip


@cache
def _plate_format(pattern: str, prefix: str = "") -> NumberFormat:
    return NumberFormat(pattern, prefix)


def plate_format(code: str, rng: random.Random) -> NumberFormat:
    """The plate format of ``code``; German and Chinese plates start with a
    district or province mark chosen per vehicle."""
    if code == "DE":
        return _plate_format("-BB 9999", rng.choice(_D))
    if code == "CN":
        return _plate_format("B99999", rng.choice(_P))
    return _plate_format(_PLATES.get(code, "BBB 9999"))


def _plate(code: str, numbers: UniqueNumbers, rng: random.Random) -> str:
    fmt = plate_format(code, rng)
    # Each mark gets its own scope: formats of one scope must not overlap.
    return numbers.next(f"{code}:{fmt.prefix}", fmt)


def make_vin(maker: Maker, year: int, serial: str, rng: random.Random) -> str:
    if maker.pos9 == "z":
        vds = "ZZZ" + "".join(rng.choices(VIN_CHARS, k=2))
    else:
        vds = "".join(rng.choices(VIN_CHARS, k=5))
    tail = _YEAR_CODES[(year - 1980) % 30] + rng.choice(VIN_CHARS) + serial
    if maker.pos9 == "c" or maker.wmi[0] in "12345":
        return maker.wmi + vds + vin_check_digit(maker.wmi + vds + "0" + tail) + tail
    pos9 = "Z" if maker.pos9 == "z" else rng.choice(VIN_CHARS)
    return maker.wmi + vds + pos9 + tail


def iter_vehicles(members: Sequence[str], count: int, seed: int) -> Iterator[SynthVehicle]:
    rng = random.Random(f"polnet-vehicles:{seed}")
    serials = UniqueNumbers(f"polnet-vin-serials:{seed}")
    plates = UniqueNumbers(f"polnet-plates:{seed}")
    serial_fmt = NumberFormat("999999")
    cum_country = list(accumulate(country(c).weight for c in members))
    cum_maker = list(accumulate(m.weight for m in MAKERS))
    for _ in range(count):
        code = members[bisect_right(cum_country, rng.random() * cum_country[-1])]
        maker = MAKERS[bisect_right(cum_maker, rng.random() * cum_maker[-1])]
        year = 1995 + min(29, int(rng.betavariate(3, 1.6) * 30))
        plate_country = code if rng.random() < 0.95 else rng.choice(members)
        yield SynthVehicle(
            owner_country=code,
            vin=make_vin(maker, year, serials.next(maker.wmi, serial_fmt), rng),
            plate=_plate(plate_country, plates, rng),
            plate_country=plate_country,
            make=maker.make,
            model=rng.choice(maker.models),
            colour=rng.choice(COLOURS),
            year=year,
        )
