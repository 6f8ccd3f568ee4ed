"""A small synthetic network shared by the tests of this package."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from polnet.synthetic import (
    SynthArtwork,
    SynthDocument,
    SynthFirearm,
    SynthNetwork,
    SynthPerson,
    SynthVehicle,
    generate,
)
from polnet.synthetic.countries import COUNTRIES


@dataclass
class Sample:
    network: SynthNetwork
    persons: list[SynthPerson]
    documents: list[SynthDocument]
    vehicles: list[SynthVehicle]
    firearms: list[SynthFirearm]
    artworks: list[SynthArtwork]


@pytest.fixture(scope="session")
def sample() -> Sample:
    """Every member country, so every locale and script shows up."""
    net = generate(
        persons=20_000,
        documents=30_000,
        vehicles=8_000,
        firearms=2_000,
        artworks=1_000,
        countries=len(COUNTRIES),
        seed=11,
    )
    return Sample(
        net,
        list(net.persons()),
        list(net.documents()),
        list(net.vehicles()),
        list(net.firearms()),
        list(net.artworks()),
    )
