"""Notices and diffusions, their lifecycle events, warrants, images, notifications and feeds.

A notice carries its own access facts (owner, restriction, listed countries, bureau-only)
and, for a person, the identity fields screening needs, so that it can be matched and
filtered without reading the records it links to. Both sets of fields, and the name forms,
are declared once in abstract models shared with records (`core/access_models.py`,
`records/subjects.py`).
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polnet.core import images
from polnet.core.access_models import AccessControlled
from polnet.core.actions import OnHit
from polnet.core.actor import Actor
from polnet.network.models import Bureau, Country
from polnet.notices.kinds import Language, NoticeKind, SubjectType
from polnet.notices.states import Act, Channel, State
from polnet.records.models import Firearm, Person, TravelDocument, Vehicle
from polnet.records.subjects import NameForm, PersonSubject


class ExtractStatus(models.TextChoices):
    NONE = "none", pgettext_lazy("public extract", "None")
    REQUESTED = "requested", pgettext_lazy("public extract", "Requested")
    APPROVED = "approved", pgettext_lazy("public extract", "Approved")
    REFUSED = "refused", pgettext_lazy("public extract", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("public extract", "Withdrawn")


class EyeColour(models.TextChoices):
    BLACK = "BLA", pgettext_lazy("eyes", "Black")
    BLUE = "BLU", pgettext_lazy("eyes", "Blue")
    BROWN = "BRO", pgettext_lazy("eyes", "Brown")
    GREEN = "GRE", pgettext_lazy("eyes", "Green")
    GREY = "GRY", pgettext_lazy("eyes", "Grey")
    HAZEL = "HAZ", pgettext_lazy("eyes", "Hazel")
    OTHER = "OTH", pgettext_lazy("eyes", "Other")


class HairColour(models.TextChoices):
    BLACK = "BLA", pgettext_lazy("hair", "Black")
    BROWN = "BRO", pgettext_lazy("hair", "Brown")
    BLOND = "BLO", pgettext_lazy("hair", "Blond")
    RED = "RED", pgettext_lazy("hair", "Red")
    GREY = "GRY", pgettext_lazy("hair", "Grey")
    WHITE = "WHI", pgettext_lazy("hair", "White")
    BALD = "BAL", pgettext_lazy("hair", "Bald")
    OTHER = "OTH", pgettext_lazy("hair", "Other")


class NoticeQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def visible_to(self, actor: Actor) -> Self:
        from polnet.notices import policy

        return self.filter(policy.visible_q(actor))

    def public(self) -> Self:
        from polnet.notices import policy

        return self.filter(policy.public_q())


class Notice(AccessControlled, OnHit, PersonSubject):
    """A notice (reviewed before publication) or a diffusion (sent at once, reviewed after).

    For a diffusion, the listed countries of its access facts are its recipients."""

    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.NOTICE)
    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    # None: issued by the secretariat itself (UN Security Council Special Notices); the one
    # access fact a notice holds otherwise than a record: it may be empty.
    owner_country = models.ForeignKey(  # type: ignore[assignment]
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    subject_type = models.CharField(max_length=16, choices=SubjectType.choices, default=SubjectType.PERSON)
    subject_description = models.TextField(blank=True)  # an object, event, method or entity
    facts = models.TextField(blank=True)  # summary of the facts of the case
    details = models.JSONField(default=dict, blank=True)  # kind-specific, shape in kinds.py

    # The person concerned as screening needs it (PersonSubject), and as a notice describes them.
    height_cm = models.PositiveSmallIntegerField(null=True, blank=True)
    weight_kg = models.PositiveSmallIntegerField(null=True, blank=True)
    eye_colours = models.JSONField(default=list, blank=True)  # EyeColour codes
    hair_colours = models.JSONField(default=list, blank=True)  # HairColour codes
    languages_spoken = models.JSONField(default=list, blank=True)  # ISO 639-2 codes, upper case

    # Links to the databases; shown only to those who may see the record linked.
    persons = models.ManyToManyField(Person, blank=True, related_name="notices")
    documents = models.ManyToManyField(TravelDocument, blank=True, related_name="notices")
    vehicles = models.ManyToManyField(Vehicle, blank=True, related_name="notices")
    firearms = models.ManyToManyField(Firearm, blank=True, related_name="notices")

    submitted_at = models.DateTimeField(null=True, blank=True)  # last (re)submission or sending
    published_at = models.DateTimeField(null=True, blank=True)  # first publication or sending
    suspended_until = models.DateField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)  # a diffusion's review after the fact
    # The reference shown to members and on the public service once published: "2026/00042".
    entity_year = models.PositiveSmallIntegerField(null=True, blank=True)
    entity_number = models.PositiveIntegerField(null=True, blank=True)

    extract_status = models.CharField(
        max_length=16, choices=ExtractStatus.choices, default=ExtractStatus.NONE
    )
    precheck = models.JSONField(default=list, blank=True)  # findings, see compliance/precheck.py
    prechecked_at = models.DateTimeField(null=True, blank=True)
    # Four eyes (POLNET_FOUR_EYES): the first reviewer's approval of the publication and of
    # the public extract, waiting for a second, different reviewer.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    extract_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extract_approved_at = models.DateTimeField(null=True, blank=True)
    # A request made from a diffusion by its source keeps the diffusion it came from.
    from_diffusion = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )

    # The review date the source bureau was last warned of (retention, as for records).
    review_warned_for = models.DateField(null=True, blank=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "kind"]),
            models.Index(fields=["owner_country", "state"]),
            models.Index(fields=["submitted_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["entity_year", "entity_number"], name="notice_entity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.channel} {self.reference}"

    @property
    def reference(self) -> str:
        return self.entity_id or f"#{self.pk}"

    @property
    def entity_id(self) -> str:
        if self.entity_year is None or self.entity_number is None:
            return ""
        return f"{self.entity_year}/{self.entity_number:05d}"

    @property
    def is_diffusion(self) -> bool:
        return self.channel == Channel.DIFFUSION


class NoticeName(NameForm):
    """One form of the subject's name: native script and Latin forms side by side, aliases."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="names")

    class Meta:
        ordering = ["notice", "position"]
        indexes = [models.Index(fields=["family"]), models.Index(fields=["given"])]


class DecisionKind(models.TextChoices):
    WARRANT = "warrant", _("Arrest warrant")
    JUDGMENT = "judgment", _("Judicial decision")


class ArrestWarrant(models.Model):
    """The legal basis of a Red notice, structured so that the minimum criteria can be checked."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="warrants")
    position = models.PositiveSmallIntegerField(default=0)
    decision = models.CharField(max_length=16, choices=DecisionKind.choices, default=DecisionKind.WARRANT)
    issuing_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    charge = models.TextField(blank=True)  # in the notice's language
    charge_translation = models.TextField(blank=True)
    charge_translation_language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    law = models.TextField(blank=True)  # the provision that makes it an offence
    max_penalty_months = models.PositiveIntegerField(null=True, blank=True)
    convicted = models.BooleanField(default=False)  # sought to serve a sentence
    sentence_months = models.PositiveIntegerField(null=True, blank=True)
    remaining_sentence_months = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["notice", "position"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.issuing_country_id} {self.reference}"


class NoticeEvent(models.Model):
    """One step of a notice's history: who did what, when and why."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    act = models.CharField(max_length=32)  # an Act, or create / update / extract_* acts
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    affiliation = models.CharField(max_length=64)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["notice", "at", "id"]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.act} {self.from_state}->{self.to_state}"

    @property
    def from_label(self) -> str:
        return str(State(self.from_state).label) if self.from_state in State.values else self.from_state

    @property
    def to_label(self) -> str:
        return str(State(self.to_state).label) if self.to_state in State.values else self.to_state

    @property
    def act_label(self) -> str:
        try:
            return str(Act(self.act).label)
        except ValueError:
            return str(EVENT_LABELS.get(self.act, self.act))


EVENT_LABELS = {
    "create": _("Created"),
    "update": _("Changed"),
    "first_approval": _("First approval: a second reviewer must publish"),
    "extract_first_approval": _("Public extract: first approval, a second reviewer must approve"),
    "extract_request": _("Public extract requested"),
    "extract_approve": _("Public extract approved"),
    "extract_refuse": _("Public extract refused"),
    "extract_withdraw": _("Public extract withdrawn"),
    "image_add": _("Image added"),
    "addendum_submit": _("Addendum submitted for review"),
    "addendum_first_approval": _("Addendum: first approval, a second reviewer must approve"),
    "addendum_approve": _("Addendum approved and applied"),
    "addendum_refuse": _("Addendum refused"),
    "reservation": _("A country recorded a reservation"),
    "reservation_lift": _("A country lifted its reservation"),
    "to_request": _("Turned into a notice request"),
    "from_diffusion": _("Request made from a diffusion"),
}
# What the buttons for the public extract say.
EXTRACT_ACT_LABELS = {
    "extract_request": _("Ask for a public extract"),
    "extract_approve": _("Approve the public extract"),
    "extract_refuse": _("Refuse the public extract"),
    "extract_withdraw": _("Withdraw the public extract"),
}


def image_storage() -> Storage:
    """Where the images are kept (the name stays: the migrations refer to it)."""
    return images.image_storage()


class NoticeImage(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(storage=image_storage, upload_to="notices/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(max_length=200, blank=True)
    in_public_extract = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["notice", "id"]

    def __str__(self) -> str:
        return f"image {self.pk} of notice {self.notice_id}"


class NotificationKind(models.TextChoices):
    PUBLISHED = "published", _("A notice was published")
    DIFFUSION = "diffusion", _("A diffusion was sent to you")
    WITHDRAWN = "withdrawn", _("A notice or diffusion was withdrawn")
    CANCELLED = "cancelled", _("A notice or diffusion was cancelled by the secretariat")
    SUSPENDED = "suspended", _("A notice was suspended")
    RESUMED = "resumed", _("A suspended notice is in force again")
    EXPIRED = "expired", _("A notice expired")
    DECISION = "decision", _("The secretariat decided on your request")
    EXTRACT = "extract", _("The secretariat decided on a public extract")
    NEW_REQUEST = "new_request", _("A request arrived for review")
    NEW_DIFFUSION = "new_diffusion", _("A diffusion awaits review after the fact")


class Notification(models.Model):
    """A message to a bureau (or, with no bureau, to the secretariat's reviewers)."""

    recipient_bureau = models.ForeignKey(
        Bureau, null=True, blank=True, on_delete=models.CASCADE, related_name="notice_notifications"
    )
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient_bureau", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} notice {self.notice_id} to {self.recipient_bureau_id or 'secretariat'}"


class NoticeChange(models.Model):
    """The screening feed: one row whenever a notice comes into or goes out of force, written in
    the same transaction; server processes follow it like the records' change feed."""

    seq = models.BigAutoField(primary_key=True)
    notice_id = models.BigIntegerField()
    removed = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["notice_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} notice {self.notice_id}{' removed' if self.removed else ''}"


class EntityCounter(models.Model):
    """The last public reference number given out in a year; locked while the next is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class TermCategory(models.TextChoices):
    POLITICAL = "political", _("Political")
    MILITARY = "military", _("Military")
    RELIGIOUS = "religious", _("Religious")
    RACIAL = "racial", _("Racial")


class Article3Term(models.Model):
    """A word or phrase that points to a matter Article 3 forbids. A trailing * matches any ending."""

    term = models.CharField(max_length=200)
    language = models.CharField(max_length=2, choices=Language.choices)
    category = models.CharField(max_length=16, choices=TermCategory.choices)
    active = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["language", "category", "term"]
        constraints = [models.UniqueConstraint(fields=["term", "language"], name="article3_term_unique")]
        verbose_name = _("Article 3 term")

    def __str__(self) -> str:
        return f"{self.term} ({self.language}, {self.category})"


# The after-publication models (addenda, versions, sightings, reservations) live in their own
# module; importing them here registers them with the app.
from polnet.notices.after.models import (  # noqa: E402
    Addendum as Addendum,
)
from polnet.notices.after.models import (  # noqa: E402
    AddendumState as AddendumState,
)
from polnet.notices.after.models import (  # noqa: E402
    NoticeVersion as NoticeVersion,
)
from polnet.notices.after.models import (  # noqa: E402
    Reservation as Reservation,
)
from polnet.notices.after.models import (  # noqa: E402
    Sighting as Sighting,
)
