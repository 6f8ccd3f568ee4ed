"""Sign-in with password and TOTP, first-time enrolment of the authenticator, sign-out, lock-out."""

from __future__ import annotations

import math
import time
from base64 import b32encode
from datetime import timedelta
from typing import Any

import qrcode
import qrcode.constants
from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from polnet.core import audit
from polnet.core.errors import InvalidInput
from polnet.network import services, throttle
from polnet.network.actors import actor_for
from polnet.network.auth import client_origin, request_id
from polnet.network.forms import EnrolForm, SignInForm
from polnet.network.models import User
from polnet.network.web import ENROL_SESSION_KEY, verified_actor

ENROL_SECONDS = 10 * 60  # the password was checked; the QR code must be scanned soon after
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, target: str | None = None) -> str:
    target = target or request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _failed(request: HttpRequest, username: str, reason: str) -> None:
    """Audited with the name that was tried (never the password): "password", "second_factor"
    or "waiting" (refused by the throttle; the first refusal of each wait only)."""
    audit.log_anonymous(
        audit.Action.LOGIN_FAILED,
        "user",
        origin=client_origin(request),
        request_id=request_id(request),
        detail={"username": username, "reason": reason},
    )


def _admitted(request: HttpRequest, username: str) -> HttpResponse | None:
    """None if this try may go ahead; otherwise the page that says how long to wait."""
    verdict = throttle.admit(username, client_origin(request))
    if not verdict.wait:
        return None
    if verdict.first_refusal:
        _failed(request, username, "waiting")
    return locked_out(request, verdict.wait, username if verdict.account_waits else None)


def _complete_sign_in(request: HttpRequest, user: User, device: TOTPDevice, target: str) -> HttpResponse:
    auth.login(request, user, backend=getattr(user, "backend", _MODEL_BACKEND))
    otp_login(request, device)
    throttle.succeeded(user.username, client_origin(request))
    actor = actor_for(user, origin=client_origin(request), request_id=request_id(request))
    audit.log(actor, audit.Action.LOGIN, "user", user.pk)
    return HttpResponseRedirect(target)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and verified_actor(request) is not None:
        return HttpResponseRedirect(_safe_next(request))
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if (waiting := _admitted(request, username)) is not None:
            return waiting
        user: Any = auth.authenticate(request, username=username, password=form.cleaned_data["password"])
        code = form.cleaned_data["otp_token"]
        if user is None:
            _failed(request, username, "password")
            error = _("Wrong username, password or code.")
        elif not services.has_second_factor(user):
            # First sign-in: the password is right; the authenticator is set up next.
            request.session.cycle_key()
            request.session[ENROL_SESSION_KEY] = {
                "user": user.pk,
                "since": time.time(),
                "next": _safe_next(request),
            }
            return HttpResponseRedirect("/login/enrol/")
        else:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None and code and device.verify_token(code):
                return _complete_sign_in(request, user, device, _safe_next(request))
            _failed(request, username, "second_factor")
            error = _("Wrong username, password or code.")
    context = {
        "form": form,
        "error": error,
        "next": _safe_next(request),
        "expired": request.GET.get("expired") == "1" and not error,
        "idle_minutes": max(1, int(settings.SESSION_COOKIE_AGE) // 60),
    }
    return render(request, "network/sign_in.html", context, status=401 if error else 200)


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(ENROL_SESSION_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("since", 0)) > ENROL_SECONDS:
        return None, {}
    user_id = pending.get("user")
    if not isinstance(user_id, int):
        return None, {}
    user = User.objects.filter(pk=user_id, is_active=True, is_machine=False).first()
    if user is None or services.has_second_factor(user):
        return None, {}
    return user, pending


def qr_svg(data: str) -> SafeString:
    """An SVG QR code (paths and fill attributes only: nothing the content policy blocks)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    svg = str(code.make_image(image_factory=SvgPathImage).to_string(encoding="unicode"))
    return mark_safe(svg)  # noqa: S308  # generated here from our own key, not from user text


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator after the first correct password, then sign in."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(ENROL_SESSION_KEY, None)
        return HttpResponseRedirect("/login/")
    device = services.begin_totp_enrolment(user)
    form = EnrolForm(request.POST or None, new_password=user.must_set_password)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if user.must_set_password and not _new_password_fits(form, user, data.get("new_password", "")):
            return _enrol_page(request, form, user, device, "")  # checks no code: not a counted try
        if (waiting := _admitted(request, user.username)) is not None:
            request.session.pop(ENROL_SESSION_KEY, None)
            return waiting
        actor = actor_for(user, origin=client_origin(request), request_id=request_id(request))
        try:
            confirmed = services.confirm_totp_enrolment(
                actor, user, data["otp_token"], new_password=data.get("new_password")
            )
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            if confirmed is not None:
                del request.session[ENROL_SESSION_KEY]
                return _complete_sign_in(request, user, confirmed, _safe_next(request, pending.get("next")))
            _failed(request, user.username, "second_factor")
            error = _("That code did not match. Wait for the next code and enter it.")
    return _enrol_page(request, form, user, device, error)


def _new_password_fits(form: EnrolForm, user: User, new_password: str) -> bool:
    try:
        services.check_new_password(user, new_password)
    except InvalidInput as exc:
        form.add_service_error(exc)
        return False
    return True


def _enrol_page(
    request: HttpRequest, form: EnrolForm, user: User, device: TOTPDevice, error: str
) -> HttpResponse:
    context = {
        "form": form,
        "error": error,
        "username": user.username,
        "user_id": user.pk,  # the browser binds the message keys it makes to this id
        "new_password": user.must_set_password,
        "qr": qr_svg(device.config_url),
        "secret": _grouped(b32encode(device.bin_key).decode()),
    }
    status = 401 if error else 422 if form.errors else 200
    return render(request, "network/enrol.html", context, status=status)


@require_http_methods(["POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_authenticated:
        actor = actor_for(user, origin=client_origin(request), request_id=request_id(request))
        audit.log(actor, audit.Action.LOGOUT, "user", user.pk)
    auth.logout(request)
    return HttpResponseRedirect("/login/")


def locked_out(request: HttpRequest, wait: timedelta, username: str | None = None) -> HttpResponse:
    """The wait, and who can end it: for an account's own wait, its bureau's administrators
    (the bureau's name and their role only); a wait of the address alone just passes."""
    seconds = math.ceil(wait.total_seconds())
    context = {
        "minutes": math.ceil(seconds / 60),
        "account_waits": username is not None,
        "bureau": services.unlocked_by(username) if username is not None else None,
    }
    response = render(request, "network/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
