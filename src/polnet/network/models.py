from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core.actions import DEFAULT_OTHER_HOURS, DEFAULT_URGENT_HOURS
from polnet.core.actor import ResultLevel, Role
from polnet.core.purposes import Purpose


class Country(models.Model):
    """An ISO 3166-1 country; members of the network have a National Central Bureau."""

    code = models.CharField(max_length=2, primary_key=True)  # alpha-2
    alpha3 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    is_member = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Bureau(models.Model):
    """The National Central Bureau of a member country."""

    country = models.OneToOneField(Country, on_delete=models.PROTECT, related_name="bureau")
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The bureau's time to confirm a hit on its records, counted from the hit: for an urgent
    # action (arrest, protect) and for any other (`core/actions.py` holds the defaults).
    confirm_urgent_hours = models.PositiveSmallIntegerField(default=DEFAULT_URGENT_HOURS)
    confirm_other_hours = models.PositiveSmallIntegerField(default=DEFAULT_OTHER_HOURS)

    class Meta:
        ordering = ["country__name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    BORDER_CROSSING = "border_crossing", _("Border crossing")
    AIRPORT = "airport", _("Airport")
    SEAPORT = "seaport", _("Seaport")
    CUSTOMS = "customs", _("Customs")
    IMMIGRATION = "immigration", _("Immigration")
    POLICE_UNIT = "police_unit", _("Police unit")


class Unit(models.Model):
    """An extended-access unit that a bureau connects, with the scope the bureau sets."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=UnitKind.choices)
    location = models.CharField(max_length=200, blank=True)
    databases = models.JSONField(default=list)  # list of RecordKind values it may query
    result_level = models.CharField(
        max_length=16,
        choices=[(ResultLevel.HIT_ONLY, "Hit / no hit"), (ResultLevel.FULL, "Full record")],
        default=ResultLevel.HIT_ONLY,
    )
    may_write = models.BooleanField(default=False)  # the bureau delegated record keeping
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bureau", "name"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="unit_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.bureau.country_id})"


class PartnerKind(models.TextChoices):
    REGIONAL_POLICE_BODY = "regional_police_body", _("Regional police body")
    UN_OFFICE = "un_office", _("United Nations office")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    POLICE_ACADEMY = "police_academy", _("Police academy")
    TRAINING_INSTITUTION = "training_institution", _("Training institution")


class Partner(models.Model):
    """A partner organisation: it shares the learning centre and the capacity-building plans it
    takes part in, and nothing of the police databases, messages or notices."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40, choices=PartnerKind.choices)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    city = models.CharField(max_length=100, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A person (or a machine client's account) of a bureau, a unit or the secretariat."""

    role = models.CharField(max_length=32, choices=[(r.value, r.value) for r in Role])
    bureau = models.ForeignKey(Bureau, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    is_machine = models.BooleanField(default=False)  # a border system that signs in by token
    # Set when an administrator resets the sign-in: the next sign-in sets a new password.
    must_set_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.username

    @property
    def home_bureau_id(self) -> int | None:
        """The bureau the user answers to: its own, or its unit's."""
        return self.unit.bureau_id if self.unit is not None else self.bureau_id


class ApiToken(models.Model):
    """A scoped token for a machine client. Only a hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The purpose of the searches made with the token that state none, set by the bureau when
    # it issues the token. Empty: every search states its own (`core/purposes.py`).
    default_purpose = models.CharField(max_length=32, choices=Purpose.choices, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment  # type: ignore[operator]


class SignInThrottle(models.Model):
    """Counted sign-in attempts of one account or one client address (network/throttle.py).

    A row is deleted a day after its last attempt, or at once when the account signs in."""

    key = models.CharField(max_length=200, unique=True)  # "account:<username>" or "address:<ip>"
    failures = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(db_index=True)
    refusal_logged = models.BooleanField(default=False)  # the current wait's first refusal is audited

    objects: models.Manager[SignInThrottle] = models.Manager()  # typed without loading the app

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
