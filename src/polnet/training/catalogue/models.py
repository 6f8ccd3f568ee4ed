"""Courses, their modules, media and quiz banks: what the learning centre teaches.

A course belongs to its owner: the secretariat (no bureau, no partner), a bureau, or a
partner organisation. A translation is a course of its own (its modules and quiz in that
language) that names the course it translates; a certificate of either counts for both.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Audience",
    "Choice",
    "Course",
    "CourseFormat",
    "CourseState",
    "Media",
    "MediaKind",
    "Module",
    "ModuleKind",
    "PriorityArea",
    "Question",
]


class PriorityArea(models.TextChoices):
    """The priority areas of capacity building (the OSCE-INTERPOL joint action plan)."""

    BORDER_SECURITY = "border_security", _("Border security")
    COUNTER_TERRORISM = "counter_terrorism", _("Counter-terrorism")
    POLICE_DATA = "police_data", _("Forensic and police data management")
    FUGITIVES = "fugitives", _("Fugitive investigative support")
    TRAFFICKING = "trafficking", _("Trafficking in human beings and migrant smuggling")
    DRUGS = "drugs", _("Drugs")
    FIREARMS = "firearms", _("Firearms tracing")


class Audience(models.TextChoices):
    """Who may take a published course, besides its owner and the secretariat."""

    EVERYONE = "everyone", _("Everyone: every member bureau and every partner")
    MEMBERS = "members", _("Every member bureau")
    COUNTRIES = "countries", _("Chosen countries")
    PARTNERS = "partners", _("Chosen partner organisations")


class CourseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CourseFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    CLASSROOM = "classroom", _("Classroom or workshop")
    BLENDED = "blended", _("Online and classroom")


class Course(models.Model):
    code = models.SlugField(max_length=60, unique=True)  # stable across packages and nodes
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    language = models.CharField(max_length=8, default="en")  # one of settings.LANGUAGES
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    format = models.CharField(max_length=16, choices=CourseFormat.choices, default=CourseFormat.ONLINE)
    area = models.CharField(max_length=32, choices=PriorityArea.choices, blank=True)
    # Owner: a bureau, a partner organisation, or neither (the secretariat).
    owner_bureau = models.ForeignKey(
        "network.Bureau", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_partner = models.ForeignKey(
        "network.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    countries = models.ManyToManyField("network.Country", blank=True, related_name="+")
    partners = models.ManyToManyField("network.Partner", blank=True, related_name="+")
    state = models.CharField(max_length=16, choices=CourseState.choices, default=CourseState.DRAFT)
    # Months a certificate stays valid; 0: the course gives no certificate.
    certificate_months = models.PositiveSmallIntegerField(default=24)
    estimated_minutes = models.PositiveIntegerField(default=60)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_bureau__isnull=True) | models.Q(owner_partner__isnull=True),
                name="course_one_owner",
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="course_one_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def family_id(self) -> int:
        """The original course: certificates and requirements name it, whatever the language."""
        return self.translation_of_id or self.pk


class ModuleKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    QUIZ = "quiz", _("Quiz")


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=ModuleKind.choices, default=ModuleKind.LESSON)
    body = models.TextField(blank=True)  # Markdown; rendered without raw HTML, then sanitised
    # Quiz rules (a lesson ignores them).
    pass_mark = models.PositiveSmallIntegerField(default=80)  # percent
    questions_per_attempt = models.PositiveSmallIntegerField(default=10)  # drawn from the bank
    max_attempts = models.PositiveSmallIntegerField(default=3)  # 0: unlimited

    class Meta:
        ordering = ["course", "position"]
        constraints = [models.UniqueConstraint(fields=["course", "position"], name="module_position_unique")]

    def __str__(self) -> str:
        return f"{self.course}: {self.title}"


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")
    VIDEO = "video", _("Video")


class Media(models.Model):
    """A file of a course (an image, a PDF, a video), stored in the data folder and served by
    polnet to those who may take the course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="media")
    module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.SET_NULL, related_name="media")
    kind = models.CharField(max_length=8, choices=MediaKind.choices)
    title = models.CharField(max_length=200)
    file_name = models.CharField(max_length=200)  # as uploaded, for the download
    path = models.CharField(max_length=300)  # in the training storage
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["course", "title"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question of a quiz module's bank; each attempt draws some at random."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    multiple = models.BooleanField(default=False)  # several choices may be right

    class Meta:
        ordering = ["module", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    correct = models.BooleanField(default=False)
    explanation = models.TextField(blank=True)  # shown after the attempt: why right or wrong

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text[:60]
