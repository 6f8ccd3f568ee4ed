"""Every schema of the API has a name of its own: the API document keys its schemas by class
name, so two classes of one name would leave one endpoint described by the other's schema."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import polnet.api


def _schemas(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out += _schemas(sub)
    return out


def test_no_two_schemas_share_a_name() -> None:
    assert polnet.api.api  # every router is mounted, so every schema module is imported
    modules: dict[str, set[str]] = defaultdict(set)
    for schema in _schemas(Schema):
        if schema.__module__.startswith("polnet."):
            modules[schema.__name__].add(schema.__module__)
    shared = {name: sorted(found) for name, found in modules.items() if len(found) > 1}
    assert shared == {}


def test_the_api_document_describes_each_kind_of_event_with_its_own_schema() -> None:
    components = polnet.api.api.get_openapi_schema()["components"]["schemas"]
    assert "from_state" in components["EventOut"]["properties"]  # a notice's workflow step
    assert "purpose" in components["AccessEventOut"]["properties"]  # an entry of an access history
