"""Export a course family (the original and its translations) as a package.

The output is deterministic: entries sorted, fixed timestamps and permissions, JSON with sorted
keys, so the same course exports byte-identical and two exports can be compared by hash."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, NotFound
from polnet.core.limits import MAX_ID
from polnet.training import policy
from polnet.training.catalogue import media as media_store
from polnet.training.catalogue.models import Course, Media
from polnet.training.packages.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    PackageChoice,
    PackageCourse,
    PackageManifest,
    PackageMedia,
    PackageModule,
    PackageQuestion,
)

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no clock in the output


@dataclass(frozen=True)
class Package:
    file_name: str
    data: bytes


def _course_out(course: Course) -> tuple[PackageCourse, dict[str, Media]]:
    modules = list(course.modules.order_by("position").prefetch_related("questions__choices"))
    positions = {m.pk: m.position for m in modules}
    files: dict[str, Media] = {}
    media = []
    for m in course.media.all():
        files.setdefault(m.sha256, m)
        media.append(
            PackageMedia(
                file_name=m.file_name,
                title=m.title,
                kind=m.kind,
                content_type=m.content_type,
                sha256=m.sha256,
                module_position=positions.get(m.module_id) if m.module_id else None,
            )
        )
    media.sort(key=lambda p: (p.module_position or 0, p.file_name, p.sha256, p.title))
    return (
        PackageCourse(
            code=course.code,
            title=course.title,
            summary=course.summary,
            language=course.language,
            format=course.format,
            area=course.area,
            estimated_minutes=course.estimated_minutes,
            certificate_months=course.certificate_months,
            modules=[
                PackageModule(
                    position=mod.position,
                    kind=mod.kind,
                    title=mod.title,
                    body=mod.body,
                    pass_mark=mod.pass_mark,
                    questions_per_attempt=mod.questions_per_attempt,
                    max_attempts=mod.max_attempts,
                    questions=[
                        PackageQuestion(
                            text=q.text,
                            multiple=q.multiple,
                            choices=[
                                PackageChoice(text=c.text, correct=c.correct, explanation=c.explanation)
                                for c in q.choices.all()
                            ],
                        )
                        for q in mod.questions.all()
                    ],
                )
                for mod in modules
            ],
            media=media,
        ),
        files,
    )


def _entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever system exports
    archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def package_bytes(family: Course) -> bytes:
    """The zip of ``family`` (an original course) and its translations."""
    original, files = _course_out(family)
    translations = []
    for t in family.translations.order_by("language", "code"):
        out, more = _course_out(t)
        translations.append(out)
        for digest, m in more.items():
            files.setdefault(digest, m)
    manifest = PackageManifest(
        format=FORMAT_NAME, format_version=FORMAT_VERSION, course=original, translations=translations
    )
    text = json.dumps(manifest.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _entry(archive, MANIFEST, text.encode() + b"\n")
        for digest in sorted(files):
            _entry(archive, f"{MEDIA_DIR}{digest}", media_store.read(files[digest]))
    return buffer.getvalue()


def export_course(actor: Actor, course_id: int) -> Package:
    """The package of the course's family, for those who may export it; audited."""
    course = policy.visible_courses(actor).filter(pk=course_id).first() if 0 < course_id <= MAX_ID else None
    if course is None:
        raise NotFound(
            _("No course with this number or code is open to you."), code="package_course_not_found"
        )
    family = course.translation_of or course
    if not policy.may_export_course(actor, family):
        raise Forbidden(
            _("Only the authors of a course may export it as a package."), code="package_export_forbidden"
        )
    data = package_bytes(family)
    audit.log(
        actor,
        audit.Action.EXPORT,
        "training_course",
        family.pk,
        detail={"package": family.code, "translations": family.translations.count(), "bytes": len(data)},
    )
    return Package(file_name=f"{family.code}.polnet-course.zip", data=data)


def export_by_code(actor: Actor, code: str) -> Package:
    found = Course.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound(
            _("No course with this number or code is open to you."), code="package_course_not_found"
        )
    return export_course(actor, found)
