"""The package format: `course.json` (these models) and `media/<sha256>` files.

The models are the format's definition: export writes them, import reads nothing else. Unknown
fields are refused so that a package of a later format never imports half understood."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from polnet.training.catalogue.models import CourseFormat, MediaKind, ModuleKind, PriorityArea

FORMAT_NAME = "polnet-course"
FORMAT_VERSION = 1
MANIFEST = "course.json"
MEDIA_DIR = "media/"

Language = Literal["ar", "en", "es", "fr"]  # settings.LANGUAGES
Sha256 = str  # checked by pattern below


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PackageChoice(_Strict):
    text: str = Field(min_length=1, max_length=500)
    correct: bool = False
    explanation: str = ""


class PackageQuestion(_Strict):
    text: str = Field(min_length=1)
    multiple: bool = False
    choices: list[PackageChoice] = Field(min_length=2, max_length=20)


class PackageModule(_Strict):
    position: int = Field(ge=1, le=999)
    kind: ModuleKind = ModuleKind.LESSON
    title: str = Field(min_length=1, max_length=200)
    body: str = ""  # Markdown
    pass_mark: int = Field(default=80, ge=0, le=100)
    questions_per_attempt: int = Field(default=10, ge=1, le=200)
    max_attempts: int = Field(default=3, ge=0, le=100)
    questions: list[PackageQuestion] = Field(default_factory=list, max_length=2000)


class PackageMedia(_Strict):
    file_name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=200)
    kind: MediaKind
    content_type: str = Field(max_length=100)
    sha256: Sha256 = Field(pattern=r"^[0-9a-f]{64}$")
    module_position: int | None = None  # the module it belongs to; None: the whole course


class PackageCourse(_Strict):
    code: str = Field(pattern=r"^[-a-zA-Z0-9_]{1,60}$")
    title: str = Field(min_length=1, max_length=200)
    summary: str = ""
    language: Language
    format: CourseFormat = CourseFormat.ONLINE
    area: PriorityArea | Literal[""] = ""
    estimated_minutes: int = Field(default=60, ge=0, le=100_000)
    certificate_months: int = Field(default=24, ge=0, le=600)
    modules: list[PackageModule] = Field(default_factory=list, max_length=500)
    media: list[PackageMedia] = Field(default_factory=list, max_length=1000)


class PackageManifest(_Strict):
    format: Literal["polnet-course"]
    format_version: int
    course: PackageCourse
    translations: list[PackageCourse] = Field(default_factory=list, max_length=10)
