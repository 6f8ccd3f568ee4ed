"""Bureau administration pages: units and their scope, users, API tokens.

Every change goes through polnet.network.services, which decides who may make it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polnet.core.actor import Actor
from polnet.core.errors import InvalidInput
from polnet.network import deadlines, services, throttle
from polnet.network.forms import (
    ConfirmForm,
    DeadlinesForm,
    ResetSignInForm,
    RoleForm,
    ScopeForm,
    TokenForm,
    UnitForm,
    UserForm,
)
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
def confirm_deadlines(request: HttpRequest, actor: Actor) -> HttpResponse:
    """How long the bureau has to confirm a hit on its records."""
    bureau = services.administered_bureau(actor)
    initial = {"urgent_hours": bureau.confirm_urgent_hours, "other_hours": bureau.confirm_other_hours}
    form = DeadlinesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            deadlines.set_confirm_deadlines(actor, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The deadlines to confirm hits were saved."))
            return HttpResponseRedirect(OVERVIEW)
    context = {"actor": actor, "form": form, "title": _("Deadlines to confirm hits")}
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
                actor,
                data["user"],
                name=data["name"],
                scopes=data["scopes"],
                days=data["days"],
                default_purpose=data["default_purpose"],
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


def _posted(request: HttpRequest) -> QueryDict | None:
    """The sent form, even empty: an unticked confirmation is a refusal, not a fresh page."""
    return request.POST if request.method == "POST" else None


def _user_page(user_id: int) -> str:
    return f"/bureau/users/{user_id}/"


@actor_required
def user_detail(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    """One user's state and what the administrator may do: role, reset, unlock, deactivate."""
    user = services.managed_user(actor, user_id)
    context = {
        "actor": actor,
        "person": user,
        "has_second_factor": services.has_second_factor(user),
        "wait_until": throttle.waiting_accounts([user.username]).get(user.username),
        "own": actor.user_id == user.pk,
    }
    return render(request, "bureau/user.html", context)


@actor_required
@require_http_methods(["GET", "POST"])
def user_role(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    user = services.managed_user(actor, user_id)
    initial = {"role": user.role, "unit": user.unit_id}
    form = RoleForm(_posted(request), initial=initial, units=services.bureau_units(actor))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(actor, user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The role of %(name)s was changed.") % {"name": user.username})
            return HttpResponseRedirect(_user_page(user.pk))
    context = {"actor": actor, "form": form, "title": _("Role of %(name)s") % {"name": user.username}}
    return render(request, "bureau/form.html", context, status=422 if form.errors else 200)


@actor_required
@require_http_methods(["GET", "POST"])
def user_reset(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    """Reset the authenticator and password, after a confirmation on this page."""
    user = services.managed_user(actor, user_id)
    form = ResetSignInForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_sign_in(actor, user, temporary_password=form.cleaned_data["password"])
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("%(name)s sets up a new authenticator and a new password at the next sign-in.")
                % {"name": user.username},
            )
            return HttpResponseRedirect(_user_page(user.pk))
    context = {
        "actor": actor,
        "form": form,
        "title": _("Reset the sign-in of %(name)s") % {"name": user.username},
        "submit": _("Reset sign-in"),
        "cancel": _user_page(user.pk),
    }
    return render(request, "bureau/form.html", context, status=422 if form.errors else 200)


@actor_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    """Deactivate an account, after a confirmation on this page."""
    user = services.managed_user(actor, user_id)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_user_active(actor, user, active=False)
        except InvalidInput as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("%(name)s was deactivated.") % {"name": user.username})
            return HttpResponseRedirect(_user_page(user.pk))
    context = {
        "actor": actor,
        "form": form,
        "title": _("Deactivate %(name)s") % {"name": user.username},
        "intro": _(
            "A deactivated user cannot sign in, open sessions end and API tokens stop working. "
            "Nothing is deleted: you can reactivate the account later."
        ),
        "submit": _("Deactivate"),
        "danger": True,
        "cancel": _user_page(user.pk),
    }
    return render(request, "bureau/form.html", context, status=422 if form.errors else 200)


@actor_required
@require_POST
def user_reactivate(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    user = services.managed_user(actor, user_id)
    services.set_user_active(actor, user, active=True)
    messages.success(request, _("%(name)s was reactivated.") % {"name": user.username})
    return HttpResponseRedirect(_user_page(user.pk))


@actor_required
@require_POST
def sign_in_wait_clear(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    user = services.managed_user(actor, user_id)
    services.clear_sign_in_wait(actor, user)
    messages.success(request, _("%(name)s may sign in again now.") % {"name": user.username})
    back = request.POST.get("back")
    return HttpResponseRedirect(_user_page(user.pk) if back == "user" else OVERVIEW)
