"""What every API router shares: the error body, the error responses it documents, and the actor."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from polnet.core.actor import Actor


class ErrorOut(Schema):
    """The body of every 4xx and 5xx answer under /api/ (made in `polnet.api` and
    `polnet.core.api_errors`): a code, a sentence for the user, the field at fault if any."""

    error: str = Field(description="bad_request, not_authenticated, forbidden, not_found, conflict, invalid…")
    code: str | None = Field(
        None,
        description="Why, as a stable reason code (review_date_past, vin_check_digit, scope_not_granted…) "
        "that stays the same when the wording of detail changes; absent on errors of the transport "
        "(an unknown address, a body that cannot be read) and on schema validation errors",
    )
    detail: str = Field(description="A sentence for the user: English unless Accept-Language asks otherwise")
    field: str | None = None


ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 422)}


def request_actor(request: HttpRequest) -> Actor:
    """The Actor that the API's authentication (session or token) attached to the request."""
    return request.auth  # type: ignore[attr-defined,no-any-return]
