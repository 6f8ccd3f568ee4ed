"""The offline API: a bureau's public key, a unit's package, and a post's hits uploaded."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema

from polnet.core.actor import TokenScope
from polnet.core.apitools import ERRORS
from polnet.core.apitools import request_actor as _actor
from polnet.network.auth import ANY_SCOPE, ScopedRouter
from polnet.offline import services

router = ScopedRouter(tags=["offline"])


class KeyOut(Schema):
    bureau: str
    public_key: str  # base64 of the raw Ed25519 key
    fingerprint: str
    max_age_hours: int


class PackageIn(Schema):
    unit: int
    since: int | None = None  # the records' version a delta starts from
    # The notices' version it starts from; without it a delta carries all the notice subjects.
    notice_since: int | None = None


class HitIn(Schema):
    id: str
    at: str = ""
    kind: str
    record_id: int
    score: float = 1.0
    query: dict[str, Any] = {}
    location: str = ""


class UploadIn(Schema):
    post: str
    unit: int
    hits: list[HitIn]


class HitAnswer(Schema):
    id: str
    status: str  # created, duplicate, gone (the record is no longer one the unit may screen)
    hit_id: int | None


class UploadOut(Schema):
    hits: list[HitAnswer]


@router.get(
    "/keys/{country}",
    scope=ANY_SCOPE,
    response={200: KeyOut, **ERRORS},
    operation_id="get_offline_bureau_key",
    summary="A bureau's public key for offline packages, with its fingerprint to compare out of band",
)
def key_view(request: HttpRequest, country: str) -> dict[str, Any]:
    public, fp, hours = services.public_key(country)
    return {
        "bureau": country.upper(),
        "public_key": base64.b64encode(public).decode(),
        "fingerprint": fp,
        "max_age_hours": hours,
    }


@router.post(
    "/packages",
    scope=TokenScope.RECORDS_READ,
    response={200: None, **ERRORS},
    operation_id="build_offline_package",
    summary="A unit's signed offline package: full, or a delta since a version (and a notices' version)",
)
def package_view(request: HttpRequest, payload: PackageIn) -> HttpResponse:
    data = services.build_package(_actor(request), payload.unit, payload.since, payload.notice_since)
    response = HttpResponse(data, content_type="application/octet-stream")
    name = f"unit-{payload.unit}" + (f"-since-{payload.since}" if payload.since is not None else "") + ".pkg"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post(
    "/hits",
    scope=TokenScope.SCREENING,
    response={200: UploadOut, **ERRORS},
    operation_id="upload_offline_hits",
    summary="A post's hits found offline, each made once (by the post's hit id)",
)
def hits_view(request: HttpRequest, payload: UploadIn) -> dict[str, Any]:
    hits = [h.dict() for h in payload.hits]
    return {"hits": services.upload_hits(_actor(request), payload.unit, payload.post, hits)}
