"""Bureau administration pages: units and their scope, users, API tokens.

Every change goes through polnet.network.services, which decides who may make it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.network import services, throttle
from polnet.network.forms import ScopeForm, TokenForm, UnitForm, UserForm
from polnet.network.web import actor_required

OVERVIEW = "/bureau/"


def overview_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    bureau = services.administered_bureau(actor)
    users = services.bureau_users(actor)
    waits = throttle.waiting_accounts([u.username for u in users])
    for u in users:
        setattr(u, "sign_in_wait_until", waits.get(u.username))  # noqa: B010  # for the template
    context = {
        "actor": actor,
        "bureau": bureau,
        "units": services.bureau_units(actor),
        "users": users,
        "tokens": services.bureau_tokens(actor),
    }
    return render(request, "bureau/overview.html", context)


@actor_required
def overview(request: HttpRequest, actor: Actor) -> HttpResponse:
    return overview_page(request, actor)


@actor_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    bureau = services.administered_bureau(actor)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(actor, bureau, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Unit %(name)s was connected.") % {"name": unit.name})
            return HttpResponseRedirect(OVERVIEW)
    status = 422 if form.errors else 200
    context = {"actor": actor, "form": form, "title": _("Connect a unit")}
    return render(request, "bureau/form.html", context, status=status)


@actor_required
@require_http_methods(["GET", "POST"])
def unit_scope(request: HttpRequest, actor: Actor, unit_id: int) -> HttpResponse:
    unit = services.bureau_unit(actor, unit_id)
    initial = {
        "databases": unit.databases,
        "result_level": unit.result_level,
        "may_write": unit.may_write,
        "active": unit.active,
    }
    form = ScopeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_unit_scope(actor, unit, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The scope of %(name)s was saved.") % {"name": unit.name})
            return HttpResponseRedirect(OVERVIEW)
    context = {
        "actor": actor,
        "form": form,
        "title": _("Scope of %(name)s") % {"name": unit.name},
        "unit": unit,
    }
    return render(request, "bureau/form.html", context, status=422 if form.errors else 200)


@actor_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    bureau = services.administered_bureau(actor)
    form = UserForm(request.POST or None, units=services.bureau_units(actor))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user = services.create_user(actor, bureau=bureau, **data)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("User %(name)s was created.") % {"name": user.username})
            return HttpResponseRedirect(OVERVIEW)
    context = {"actor": actor, "form": form, "title": _("Add a user")}
    return render(request, "bureau/form.html", context, status=422 if form.errors else 200)


@actor_required
@require_http_methods(["GET", "POST"])
def token_issue(request: HttpRequest, actor: Actor) -> HttpResponse:
    users = services.bureau_users(actor)
    form = TokenForm(request.POST or None, users=users, initial={"user": request.GET.get("user")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record, secret = services.issue_token(
                actor, data["user"], name=data["name"], scopes=data["scopes"], days=data["days"]
            )
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            # The secret exists only in this response: it is never stored, listed or shown again.
            response = render(
                request, "bureau/token_issued.html", {"actor": actor, "token": record, "secret": secret}
            )
            response["Cache-Control"] = "no-store"
            return response
    context = {"actor": actor, "form": form, "title": _("Issue an API token")}
    return render(request, "bureau/form.html", context, status=422 if form.errors else 200)


@actor_required
@require_POST
def token_revoke(request: HttpRequest, actor: Actor, token_id: int) -> HttpResponse:
    token = services.bureau_token(actor, token_id)
    services.revoke_token(actor, token)
    messages.success(request, _("Token %(name)s was revoked.") % {"name": token.name})
    return HttpResponseRedirect(OVERVIEW)


@actor_required
@require_POST
def second_factor_reset(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    user = services.bureau_user(actor, user_id)
    services.reset_second_factor(actor, user)
    messages.success(
        request,
        _("%(name)s sets up a new authenticator at the next sign-in.") % {"name": user.username},
    )
    return HttpResponseRedirect(OVERVIEW)


@actor_required
@require_POST
def sign_in_wait_clear(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    user = services.bureau_user(actor, user_id)
    services.clear_sign_in_wait(actor, user)
    messages.success(request, _("%(name)s may sign in again now.") % {"name": user.username})
    return HttpResponseRedirect(OVERVIEW)
