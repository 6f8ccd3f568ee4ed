"""Lost, stolen and trafficked firearms with real makes, models and
calibres, and serial numbers in each maker's style."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from polnet.synthetic.countries import country
from polnet.synthetic.numbering import NumberFormat, UniqueNumbers
from polnet.synthetic.rows import SynthFirearm

STATUSES = ("lost", "stolen", "trafficked", "smuggled")
_STATUS_WEIGHTS = (25, 50, 15, 10)


@dataclass(frozen=True, slots=True)
class Model:
    make: str
    model: str
    calibre: str
    kind: str
    weight: int


def _m(make: str, model: str, calibre: str, kind: str, weight: int = 2) -> Model:
    return Model(make, model, calibre, kind, weight)


MODELS: tuple[Model, ...] = (
    _m("Glock", "17", "9x19mm Parabellum", "pistol", 6),
    _m("Glock", "19", "9x19mm Parabellum", "pistol", 5),
    _m("Glock", "26", "9x19mm Parabellum", "pistol", 2),
    _m("Glock", "22", ".40 S&W", "pistol", 2),
    _m("Beretta", "92FS", "9x19mm Parabellum", "pistol", 4),
    _m("Beretta", "Px4 Storm", "9x19mm Parabellum", "pistol"),
    _m("Beretta", "686 Silver Pigeon", "12 gauge", "shotgun", 2),
    _m("SIG Sauer", "P226", "9x19mm Parabellum", "pistol", 3),
    _m("SIG Sauer", "P320", "9x19mm Parabellum", "pistol", 3),
    _m("Smith & Wesson", "M&P9", "9x19mm Parabellum", "pistol", 3),
    _m("Smith & Wesson", "Model 10", ".38 Special", "revolver", 2),
    _m("Smith & Wesson", "Model 686", ".357 Magnum", "revolver", 2),
    _m("Colt", "M1911A1", ".45 ACP", "pistol", 2),
    _m("Colt", "Python", ".357 Magnum", "revolver"),
    _m("Colt", "AR-15", "5.56x45mm NATO", "rifle", 2),
    _m("Ruger", "GP100", ".357 Magnum", "revolver"),
    _m("Ruger", "10/22", ".22 LR", "rifle", 3),
    _m("Remington", "870", "12 gauge", "shotgun", 3),
    _m("Remington", "700", ".308 Winchester", "rifle", 2),
    _m("Mossberg", "500", "12 gauge", "shotgun", 3),
    _m("Winchester", "Model 70", ".30-06 Springfield", "rifle"),
    _m("Kalashnikov", "AK-47", "7.62x39mm", "rifle", 4),
    _m("Kalashnikov", "AKM", "7.62x39mm", "rifle", 3),
    _m("Kalashnikov", "AK-74", "5.45x39mm", "rifle", 2),
    _m("Zastava", "M70", "7.62x39mm", "rifle", 3),
    _m("Zastava", "M57", "7.62x25mm Tokarev", "pistol", 2),
    _m("FN Herstal", "FAL", "7.62x51mm NATO", "rifle"),
    _m("FN Herstal", "P90", "5.7x28mm", "submachine_gun"),
    _m("FN Herstal", "Five-seveN", "5.7x28mm", "pistol"),
    _m("FN Herstal", "MAG", "7.62x51mm NATO", "machine_gun", 1),
    _m("Browning", "Hi-Power", "9x19mm Parabellum", "pistol", 2),
    _m("Browning", "M2", ".50 BMG", "machine_gun", 1),
    _m("Heckler & Koch", "MP5", "9x19mm Parabellum", "submachine_gun", 2),
    _m("Heckler & Koch", "G3", "7.62x51mm NATO", "rifle"),
    _m("Heckler & Koch", "USP", "9x19mm Parabellum", "pistol", 2),
    _m("Walther", "PPK", "7.65mm Browning", "pistol", 2),
    _m("Walther", "P99", "9x19mm Parabellum", "pistol"),
    _m("CZ", "75", "9x19mm Parabellum", "pistol", 3),
    _m("CZ", "Scorpion Evo 3", "9x19mm Parabellum", "submachine_gun"),
    _m("Makarov", "PM", "9x18mm Makarov", "pistol", 3),
    _m("Tokarev", "TT-33", "7.62x25mm Tokarev", "pistol", 2),
    _m("Taurus", "PT92", "9x19mm Parabellum", "pistol", 2),
    _m("Taurus", "Model 85", ".38 Special", "revolver", 2),
    _m("Benelli", "M4", "12 gauge", "shotgun"),
    _m("IMI", "Uzi", "9x19mm Parabellum", "submachine_gun", 2),
    _m("Steyr", "AUG", "5.56x45mm NATO", "rifle"),
    _m("Degtyaryov", "PKM", "7.62x54mmR", "machine_gun", 1),
    _m("Blaser", "R8", ".308 Winchester", "rifle"),
    _m("Mauser", "Karabiner 98k", "7.92x57mm Mauser", "rifle"),
    _m("Enfield", "No. 4 Mk I", ".303 British", "rifle"),
    _m("Zoraki", "914 (converted)", "9mm P.A.K.", "other", 2),
    _m("Ekol", "Firat Magnum (converted)", "9mm P.A.K.", "other", 2),
)

# Serial styles: a prefix of letters and digits as stamped by the maker.
_SERIALS = {
    "Glock": "BBB999", "Beretta": "B99999Z", "SIG Sauer": "BB999999",
    "Smith & Wesson": "BBB9999", "Colt": "9999999", "Ruger": "999-99999",
    "Remington": "B999999B", "Mossberg": "B999999", "Kalashnikov": "BB 9999",
    "Zastava": "999999", "FN Herstal": "999BB99999", "Heckler & Koch": "99-999999",
    "Walther": "999999B", "CZ": "B999999", "Makarov": "BB 999", "Tokarev": "BB999",
    "Taurus": "BBB999999", "Browning": "999B99999", "IMI": "BB99999",
}  # fmt: skip


def serial_format(make: str) -> NumberFormat:
    return NumberFormat(_SERIALS.get(make, "BB999999"))


def iter_firearms(members: Sequence[str], count: int, seed: int) -> Iterator[SynthFirearm]:
    rng = random.Random(f"polnet-firearms:{seed}")
    serials = UniqueNumbers(f"polnet-firearm-serials:{seed}")
    cum_country = list(accumulate(country(c).weight for c in members))
    cum_model = list(accumulate(m.weight for m in MODELS))
    cum_status = list(accumulate(_STATUS_WEIGHTS))
    for _ in range(count):
        code = members[bisect_right(cum_country, rng.random() * cum_country[-1])]
        m = MODELS[bisect_right(cum_model, rng.random() * cum_model[-1])]
        yield SynthFirearm(
            owner_country=code,
            make=m.make,
            model=m.model,
            calibre=m.calibre,
            serial=serials.next(m.make, serial_format(m.make)),
            kind=m.kind,
            status=STATUSES[bisect_right(cum_status, rng.random() * cum_status[-1])],
        )
