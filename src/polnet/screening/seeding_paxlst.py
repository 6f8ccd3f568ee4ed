"""The demo's sample airline passenger list: a UN/EDIFACT PAXLST message written in the data
folder (`demo-passengers.paxlst`), to check with `polnet screen --file` (README, "Demo").

Written once by `polnet demo`. Its passengers are synthetic (`polnet.synthetic.paxlst`); two of
them travel on passports the first demo bureau recorded as stolen, so the check finds them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rich.console import Console

from polnet.network.models import Country
from polnet.records.models import TravelDocument
from polnet.synthetic import paxlst
from polnet.synthetic.countries import country

FILE_NAME = "demo-passengers.paxlst"
PASSENGERS = 12


def write_demo_paxlst(console: Console, data_dir: Path) -> Path:
    """The file, written once; its stolen passports are the first demo bureau's."""
    path = data_dir / FILE_NAME
    if path.exists():
        console.print(f"Sample passenger list already present: {path}")
        return path
    owner = Country.objects.filter(is_member=True).order_by("code").values_list("code", flat=True).first()
    owner = owner or "FR"
    travellers = paxlst.passengers(PASSENGERS, seed=2026, owner=owner)
    stolen = TravelDocument.objects.filter(
        issuing_country_id=owner, kind="passport", status="stolen", state="active"
    ).order_by("pk")[:2]
    alpha3 = country(owner).alpha3
    for i, doc in enumerate(stolen):
        travellers[i * 5] = dataclasses.replace(
            travellers[i * 5], document_number=doc.number, document_country=alpha3
        )
    path.write_text(paxlst.message(travellers, paxlst.random_flight(2026)), encoding="utf-8")
    console.print(f"Sample passenger list (PAXLST, {len(travellers)} passengers) written: {path}")
    return path
