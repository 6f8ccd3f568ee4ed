"""Deterministic synthetic police network data, without Django.

``generate`` returns a :class:`SynthNetwork` whose rows (persons, travel
documents, vehicles, firearms, works of art) are streamed lazily and can be
taken in chunks with a progress callback; ``make_*_queries`` build labelled
query sets for screening benchmarks.
"""

from polnet.synthetic.corrupt import (
    DOCUMENT_QUERY_KINDS,
    PERSON_CORRUPTIONS,
    VEHICLE_QUERY_KINDS,
    LabelledQuery,
    make_document_queries,
    make_person_queries,
    make_vehicle_queries,
)
from polnet.synthetic.countries import COUNTRIES, COUNTRY_CODES, Country, member_countries
from polnet.synthetic.network import KINDS, ProgressCallback, SynthNetwork, generate
from polnet.synthetic.rows import (
    Row,
    SynthArtwork,
    SynthDocument,
    SynthFirearm,
    SynthName,
    SynthPerson,
    SynthVehicle,
)

__all__ = [
    "COUNTRIES",
    "COUNTRY_CODES",
    "DOCUMENT_QUERY_KINDS",
    "KINDS",
    "PERSON_CORRUPTIONS",
    "VEHICLE_QUERY_KINDS",
    "Country",
    "LabelledQuery",
    "ProgressCallback",
    "Row",
    "SynthArtwork",
    "SynthDocument",
    "SynthFirearm",
    "SynthName",
    "SynthNetwork",
    "SynthPerson",
    "SynthVehicle",
    "generate",
    "make_document_queries",
    "make_person_queries",
    "make_vehicle_queries",
    "member_countries",
]
