"""Domain errors: each carries the HTTP status, a stable reason code and a message for the user.

The message is translatable and lazy: a raise site passes `gettext_lazy("... %(name)s ...")`
and the values as keywords, so the text is put together in whatever language reads it (the
officer's page, the API client's Accept-Language, English in logs). The reason `code`
(`review_date_past`, `vin_check_digit`) names why, stays the same when the wording changes,
and is what clients and translations rely on. They are mapped to responses in one place
(`polnet.api.handle_polnet_error`); tests/core/test_error_codes.py checks that every code
names one reason and that its message is translated.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise, lazy
from django.utils.translation import override

StrOrPromise = str | Promise  # a str, or a lazy translation that str() turns into one


def interpolate(template: StrOrPromise, params: Mapping[str, object]) -> str:
    """``template`` in the active language with ``params`` put in (each in that language too)."""
    text = str(template)
    return text % params if params else text


# A message whose words and parameters are put together only when it is read.
lazy_message = lazy(interpolate, str)


class PolnetError(Exception):
    status = 400
    error = "bad_request"  # the kind of failure: the API's `error`, one per subclass

    def __init__(
        self, message: StrOrPromise, /, *, code: str, field: str | None = None, **params: object
    ) -> None:
        self.template = message
        self.params = params
        self.message = lazy_message(message, params)
        self.code = code
        self.field = field
        super().__init__(code)

    def __reduce__(self) -> tuple[object, ...]:  # keyword-only arguments: rebuilt by hand
        return (_rebuild, (type(self), self.template, self.code, self.field, self.params))

    def __str__(self) -> str:
        with override("en"):  # logs and tracebacks read the same whoever caused them
            return interpolate(self.template, self.params)

    def as_dict(self) -> dict[str, object]:
        """The API body, in the active language."""
        message = str(self.message)
        detail = f"{self.field}: {message}" if self.field else message
        body: dict[str, object] = {"error": self.error, "code": self.code, "detail": detail}
        if self.field:
            body["field"] = self.field
        return body


def _rebuild(
    cls: type[PolnetError], message: StrOrPromise, code: str, field: str | None, params: dict[str, object]
) -> PolnetError:
    return cls(message, code=code, field=field, **params)


class InvalidInput(PolnetError):
    status = 422
    error = "invalid"


class NotAuthenticated(PolnetError):
    status = 401
    error = "not_authenticated"


class Forbidden(PolnetError):
    status = 403
    error = "forbidden"


class InsufficientScope(Forbidden):
    """A valid token that lacks the scope an operation declares (RFC 6750's name for it)."""

    error = "insufficient_scope"


class NotFound(PolnetError):
    """Also what a caller gets for something that exists but is hidden from them."""

    status = 404
    error = "not_found"


class Conflict(PolnetError):
    status = 409
    error = "conflict"
