"""Domain errors: each carries the HTTP status and a message meant for the user.

They are mapped to responses in one place (`polnet.api.handle_polnet_error`).
"""

from __future__ import annotations


class PolnetError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        detail = f"{self.field}: {self.message}" if self.field else self.message
        body: dict[str, object] = {"error": self.code, "detail": detail}
        if self.field:
            body["field"] = self.field
        return body


class InvalidInput(PolnetError):
    status = 422
    code = "invalid"


class NotAuthenticated(PolnetError):
    status = 401
    code = "not_authenticated"


class Forbidden(PolnetError):
    status = 403
    code = "forbidden"


class InsufficientScope(Forbidden):
    """A valid token that lacks the scope an operation declares (RFC 6750's name for it)."""

    code = "insufficient_scope"


class NotFound(PolnetError):
    """Also what a caller gets for something that exists but is hidden from them."""

    status = 404
    code = "not_found"


class Conflict(PolnetError):
    status = 409
    code = "conflict"
