"""The five databases. Every record is owned by one country and carries its access facts."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polnet.core import images, policy
from polnet.core.access_models import AccessControlled
from polnet.core.actions import OnHit
from polnet.core.actor import Actor
from polnet.core.kinds import RecordKind
from polnet.core.policy import AccessFacts, RecordStatus
from polnet.core.purposes import Purpose as Purpose  # the listed purposes, kept in the kernel
from polnet.network.models import Country
from polnet.records.subjects import NameForm, PersonSubject
from polnet.records.subjects import Sex as Sex  # the vocabularies of records are all named here


def _coded(code: str, meaning: Promise) -> Promise:
    """'H1: not for court use without permission': the code stays, the meaning is translated."""
    return format_lazy("{}: {}", code, meaning)


HANDLING_MEANING: dict[str, Promise] = {
    "H0": _("police use only"),
    "H1": _("not for court use without permission"),
    "H2": _("not to be passed on"),
    "H3": _("other conditions"),
}


class HandlingCode(models.TextChoices):
    H0 = "H0", _coded("H0", HANDLING_MEANING["H0"])
    H1 = "H1", _coded("H1", HANDLING_MEANING["H1"])
    H2 = "H2", _coded("H2", HANDLING_MEANING["H2"])
    H3 = "H3", _coded("H3", HANDLING_MEANING["H3"])


class SourceReliability(models.TextChoices):
    A = "A", _coded("A", _("completely reliable"))
    B = "B", _coded("B", _("usually reliable"))
    C = "C", _coded("C", _("fairly reliable"))
    X = "X", _coded("X", _("cannot be judged"))


class InformationAccuracy(models.TextChoices):
    ONE = "1", _coded("1", _("known to be true"))
    TWO = "2", _coded("2", _("known to the source, not to the officer"))
    THREE = "3", _coded("3", _("not known personally, corroborated"))
    FOUR = "4", _coded("4", pgettext_lazy("information accuracy", "cannot be judged"))


class LifeState(models.TextChoices):
    """Where a record stands in its life: only an active record is screened. Review expiry
    (`record_status`) is a separate matter: a record past its review date is still alive."""

    ACTIVE = "active", pgettext_lazy("record state", "Active")
    LOCATED = "located", pgettext_lazy("record state", "Located")  # a wanted person
    RECOVERED = "recovered", pgettext_lazy("record state", "Recovered")  # a stolen or lost object
    CANCELLED = "cancelled", pgettext_lazy("record state", "Cancelled")


class RecordQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def visible_to(self, actor: Actor) -> Self:
        return self.filter(policy.visible_q(actor, self.model))

    def changeable_by(self, actor: Actor) -> Self:
        return self.filter(policy.changeable_q(actor, self.model))


class Record(AccessControlled, OnHit):
    """A record of one of the five databases: an access-controlled object with its grading."""

    RECORD_KIND = ""

    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    handling_code = models.CharField(max_length=2, choices=HandlingCode.choices, default=HandlingCode.H0)
    source_reliability = models.CharField(max_length=1, choices=SourceReliability.choices, default="B")
    information_accuracy = models.CharField(max_length=1, choices=InformationAccuracy.choices, default="2")
    record_status = models.CharField(
        max_length=16, choices=[(s.value, s.value) for s in RecordStatus], default=RecordStatus.ACTIVE
    )
    state = models.CharField(
        max_length=16, choices=LifeState.choices, default=LifeState.ACTIVE, db_index=True
    )
    state_reason = models.TextField(blank=True, default="")  # the bulk import relies on defaults
    state_changed_at = models.DateTimeField(null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The review date the owner bureau was last warned of (retention): a date moved after the
    # warning no longer equals it, and the warning comes again before the new date.
    review_warned_for = models.DateField(null=True, blank=True, editable=False)
    # The owner's own reference in its national system: bulk sync (`polnet.feeds`) creates,
    # changes and deletes by it. Unique per owner and kind where set; records typed in by
    # hand have none.
    external_ref = models.CharField(  # noqa: DJ001  # NULL: "none", outside the unique constraint
        max_length=128, null=True, blank=True, editable=False
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_country", "external_ref"],
                condition=models.Q(external_ref__isnull=False),
                name="%(class)s_external_ref",
            )
        ]

    def access_facts(self) -> AccessFacts:
        return AccessFacts(
            kind=self.RECORD_KIND,
            owner_country=self.owner_country_id,
            restriction=self.restriction,
            listed_countries=self.listed_codes(),
            bureau_only=self.bureau_only,
            record_status=self.record_status,
        )


class Person(Record, PersonSubject):
    RECORD_KIND = RecordKind.PERSON.value

    identifiers = models.JSONField(default=list, blank=True)  # [{"kind", "value", "country"}]

    class Meta(Record.Meta):
        indexes = [models.Index(fields=["owner_country", "record_status"])]

    def __str__(self) -> str:
        first = self.names.first()
        return first.display if first else f"Person {self.pk}"


class PersonName(NameForm):
    """One form of a person's name: native script and Latin forms sit side by side."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")

    class Meta:
        ordering = ["person", "position"]
        indexes = [models.Index(fields=["family"]), models.Index(fields=["given"])]


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    VISA = "visa", _("Visa")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    BLANK_BOOKLET = "blank_booklet", _("Blank booklet")


class DocumentStatus(models.TextChoices):
    STOLEN = "stolen", pgettext_lazy("document", "Stolen")
    LOST = "lost", pgettext_lazy("document", "Lost")
    REVOKED = "revoked", pgettext_lazy("document", "Revoked")
    INVALID = "invalid", pgettext_lazy("document", "Invalid")
    STOLEN_BLANK = "stolen_blank", pgettext_lazy("document", "Stolen blank")


class TravelDocument(Record):
    RECORD_KIND = RecordKind.DOCUMENT.value

    number = models.CharField(max_length=32)  # normalised: upper case, letters and digits
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    issuing_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=DocumentStatus.choices)
    date_reported = models.DateField()
    holder = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )

    class Meta(Record.Meta):
        constraints = [
            *Record.Meta.constraints,
            models.UniqueConstraint(fields=["issuing_country", "kind", "number"], name="document_unique"),
        ]
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.issuing_country_id} {self.number}"


class Vehicle(Record):
    RECORD_KIND = RecordKind.VEHICLE.value

    vin = models.CharField(max_length=17, blank=True, db_index=True)
    plate = models.CharField(max_length=16, blank=True, db_index=True)
    plate_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    make = models.CharField(max_length=64)
    model = models.CharField(max_length=64, blank=True)
    colour = models.CharField(max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.make} {self.model} {self.vin or self.plate}"


class FirearmKind(models.TextChoices):
    PISTOL = "pistol", _("Pistol")
    REVOLVER = "revolver", _("Revolver")
    RIFLE = "rifle", _("Rifle")
    SHOTGUN = "shotgun", _("Shotgun")
    SUBMACHINE_GUN = "submachine_gun", _("Submachine gun")
    MACHINE_GUN = "machine_gun", _("Machine gun")
    OTHER = "other", pgettext_lazy("firearm", "Other")


class FirearmStatus(models.TextChoices):
    LOST = "lost", pgettext_lazy("firearm", "Lost")
    STOLEN = "stolen", pgettext_lazy("firearm", "Stolen")
    TRAFFICKED = "trafficked", _("Trafficked")
    SMUGGLED = "smuggled", _("Smuggled")


class Firearm(Record):
    RECORD_KIND = RecordKind.FIREARM.value

    make = models.CharField(max_length=64)
    model = models.CharField(max_length=64, blank=True)
    calibre = models.CharField(max_length=32, blank=True)
    serial_number = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=32, choices=FirearmKind.choices)
    status = models.CharField(max_length=16, choices=FirearmStatus.choices)

    def __str__(self) -> str:
        return f"{self.make} {self.model} #{self.serial_number}"


class ArtworkCategory(models.TextChoices):
    PAINTING = "painting", _("Painting")
    SCULPTURE = "sculpture", _("Sculpture")
    ICON = "icon", _("Icon")
    MANUSCRIPT = "manuscript", _("Manuscript")
    ARCHAEOLOGICAL = "archaeological", _("Archaeological object")
    COIN = "coin", _("Coin or medal")
    JEWELLERY = "jewellery", _("Jewellery")
    TEXTILE = "textile", _("Textile")
    OTHER = "other", pgettext_lazy("artwork", "Other")


class Artwork(Record):
    RECORD_KIND = RecordKind.ARTWORK.value

    title = models.CharField(max_length=300)
    artist = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=32, choices=ArtworkCategory.choices)
    period = models.CharField(max_length=100, blank=True)
    dimensions = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    # The owner lets the work appear on the public list of stolen works of art (while active).
    public = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.title


RECORD_MODELS: dict[str, type[Record]] = {
    m.RECORD_KIND: m for m in (Person, TravelDocument, Vehicle, Firearm, Artwork)
}
# Kinds whose rows carry personal data: reading them is audited.
PERSONAL_DATA_KINDS = frozenset({"person", "document"})


class RecordChange(models.Model):
    """The change feed: one row per record created, changed, deleted or expired, written in the
    same transaction. Every server process follows it to keep its screening index current."""

    seq = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=16)
    record_id = models.BigIntegerField()
    last_record_id = models.BigIntegerField(null=True, blank=True)  # a bulk import: ids record_id..last
    deleted = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}:{self.record_id}{' deleted' if self.deleted else ''}"


class RecordEvent(models.Model):
    """One step of a record's history: who did what, when, to which fields (names, never values).

    A record's steps leave with it when it is deleted; the audit log keeps that it was."""

    kind = models.CharField(max_length=16)
    record_id = models.BigIntegerField()
    # create, update, expire, located, recovered, cancelled, reactivated, photo_add, photo_remove
    act = models.CharField(max_length=16)
    fields = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    affiliation = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "record_id", "at"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id} {self.act}"


def photo_storage() -> Storage:
    """Photos are kept with the other uploaded images, off the web root: views serve them."""
    return images.image_storage()


class RecordPhoto(models.Model):
    """A photo of a record's subject (a person, a document, a vehicle, a firearm, a work of art).

    It has no access facts of its own: whoever may read the record sees its photos, through
    the record (`records.photos`), and the photos leave with the record."""

    kind = models.CharField(max_length=16)
    record_id = models.BigIntegerField()
    file = models.FileField(storage=photo_storage, upload_to="records/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # A work of art's photo: its 64-bit perceptual hash (`core.phash`), for checks by image.
    phash = models.BigIntegerField(null=True, blank=True)
    caption = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "record_id", "id"]
        indexes = [models.Index(fields=["kind", "record_id"])]

    def __str__(self) -> str:
        return f"photo {self.pk} of {self.kind}:{self.record_id}"
