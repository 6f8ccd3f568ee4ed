"""Import a course package as a draft of the importer's party.

Everything is checked before anything is written: the zip itself (entry count, sizes,
compression ratio, names), `course.json` against the format's models, the quiz rules, and every
file against its hash and the media rules. Only then are the course, its translations and
their files created, in one transaction. A refusal names the entry and what is wrong."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Forbidden, InvalidInput
from polnet.network.models import User
from polnet.training import policy
from polnet.training.catalogue import media as media_store
from polnet.training.catalogue.models import (
    Choice,
    Course,
    CourseState,
    Module,
    ModuleKind,
    Question,
)
from polnet.training.packages.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    PackageCourse,
    PackageManifest,
)

# Limits against zip bombs: what a course with some videos needs, and no more.
MAX_ENTRIES = 1000
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_MANIFEST_BYTES = 10 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MEDIA_NAME = re.compile(r"^media/[0-9a-f]{64}$")


@dataclass
class ImportResult:
    course: Course
    translations: list[Course] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # code in the package -> code given


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return name.startswith("/") or "\\" in name or ":" in name or "\x00" in name or ".." in parts


def _entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InvalidInput(
            _("The package holds %(count)s entries; at most %(limit)s are accepted."),
            code="package_too_many_entries",
            field="file",
            count=len(infos),
            limit=MAX_ENTRIES,
        )
    found: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe(name):
            raise InvalidInput(
                _("%(entry)s: an entry name may not leave the package (absolute path or '..')."),
                code="package_path_unsafe",
                field="file",
                entry=name,
            )
        if name == MEDIA_DIR:
            continue
        if name != MANIFEST and not MEDIA_NAME.match(name):
            raise InvalidInput(
                _("%(entry)s: not part of the format (course.json and media/<sha256> only)."),
                code="package_entry_unknown",
                field="file",
                entry=name,
            )
        if name in found:
            raise InvalidInput(
                _("%(entry)s: the entry appears twice."),
                code="package_entry_duplicate",
                field="file",
                entry=name,
            )
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InvalidInput(
                _("%(entry)s: compressed more than %(ratio)s to 1; refused as a possible zip bomb."),
                code="package_ratio",
                field="file",
                entry=name,
                ratio=MAX_RATIO,
            )
        found[name] = info
    if total > MAX_TOTAL_BYTES:
        raise InvalidInput(
            _("The package unpacks to more than %(mb)s MB."),
            code="package_too_large",
            field="file",
            mb=MAX_TOTAL_BYTES // 2**20,
        )
    return found


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, never more than its header declares (a lying header is refused)."""
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        data = b""
        bad = True
    else:
        bad = len(data) != info.file_size
    if bad:
        raise InvalidInput(
            _("%(entry)s: the entry is damaged or not the size its header says."),
            code="package_entry_corrupt",
            field="file",
            entry=info.filename,
        )
    return data


def _manifest(data: bytes) -> PackageManifest:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(
            _("course.json: not valid JSON (%(problem)s)."),
            code="package_manifest_json",
            field="file",
            problem=str(exc),
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise InvalidInput(
            _('course.json: not a polnet course package (the format must be "polnet-course").'),
            code="package_format_unknown",
            field="file",
        )
    if raw.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            _("course.json: format version %(version)s is unknown; this node reads version %(known)s."),
            code="package_version_unknown",
            field="file",
            version=str(raw.get("format_version")),
            known=FORMAT_VERSION,
        )
    try:
        return PackageManifest.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/".join(str(p) for p in first["loc"])
        raise InvalidInput(
            _("course.json: %(where)s: %(problem)s"),
            code="package_manifest_invalid",
            field="file",
            where=where,
            problem=first["msg"],
        ) from None


def _check_course(course: PackageCourse) -> None:
    positions = [m.position for m in course.modules]
    if len(set(positions)) != len(positions):
        raise InvalidInput(
            _("course.json: course %(course)s: two modules have the same position."),
            code="package_module_position",
            field="file",
            course=course.code,
        )
    for module in course.modules:
        if module.kind == ModuleKind.QUIZ and len(module.questions) < module.questions_per_attempt:
            raise InvalidInput(
                _(
                    "course.json: course %(course)s, quiz %(module)s: %(count)s questions, fewer than the "
                    "%(needed)s each attempt draws."
                ),
                code="package_quiz_too_few",
                field="file",
                course=course.code,
                module=module.position,
                count=len(module.questions),
                needed=module.questions_per_attempt,
            )
        for number, question in enumerate(module.questions, start=1):
            right = sum(c.correct for c in question.choices)
            if not question.multiple and right != 1:
                raise InvalidInput(
                    _(
                        "course.json: course %(course)s, module %(module)s, question %(question)s: a "
                        "single-choice question needs exactly one correct choice, not %(count)s."
                    ),
                    code="package_question_correct",
                    field="file",
                    course=course.code,
                    module=module.position,
                    question=number,
                    count=right,
                )
    for item in course.media:
        if item.module_position is not None and item.module_position not in positions:
            raise InvalidInput(
                _("course.json: course %(course)s, file %(entry)s: no module at position %(position)s."),
                code="package_media_module",
                field="file",
                course=course.code,
                entry=item.file_name,
                position=item.module_position,
            )


def _check_family(manifest: PackageManifest) -> None:
    courses = [manifest.course, *manifest.translations]
    codes = [c.code for c in courses]
    if len(set(codes)) != len(codes):
        raise InvalidInput(
            _("course.json: two courses of the package have the same code."),
            code="package_code_duplicate",
            field="file",
        )
    languages = [c.language for c in courses]
    if len(set(languages)) != len(languages):
        raise InvalidInput(
            _("course.json: a translation must be in a language of its own, not that of another course."),
            code="package_translation_language",
            field="file",
        )
    for course in courses:
        _check_course(course)


def _files(
    archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], manifest: PackageManifest
) -> dict[str, bytes]:
    """The bytes of every file the manifest names, checked against its hash and the media rules."""
    files: dict[str, bytes] = {}
    for course in (manifest.course, *manifest.translations):
        for item in course.media:
            name = f"{MEDIA_DIR}{item.sha256}"
            if item.sha256 in files:
                continue
            info = entries.get(name)
            if info is None:
                raise InvalidInput(
                    _("%(entry)s: named in course.json (%(file)s) but missing from the package."),
                    code="package_media_missing",
                    field="file",
                    entry=name,
                    file=item.file_name,
                )
            data = _read(archive, info)
            if hashlib.sha256(data).hexdigest() != item.sha256:
                raise InvalidInput(
                    _("%(entry)s: the file's content does not match its SHA-256 hash."),
                    code="package_media_hash",
                    field="file",
                    entry=name,
                )
            try:
                media_store.checked(data)
            except InvalidInput as exc:
                raise InvalidInput(
                    _("%(entry)s (%(file)s): %(reason)s"),
                    code="package_media_refused",
                    field="file",
                    entry=name,
                    file=item.file_name,
                    reason=exc.message,
                ) from None
            files[item.sha256] = data
    return files


def read_package(stream: IO[bytes]) -> tuple[PackageManifest, dict[str, bytes]]:
    """The checked manifest and files of a package; writes nothing."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InvalidInput(
            _("The file is not a zip package."), code="package_not_zip", field="file"
        ) from None
    with archive:
        entries = _entries(archive)
        info = entries.get(MANIFEST)
        if info is None:
            raise InvalidInput(
                _("course.json: the package has no course.json."),
                code="package_manifest_missing",
                field="file",
            )
        if info.file_size > MAX_MANIFEST_BYTES:
            raise InvalidInput(
                _("course.json: larger than %(mb)s MB."),
                code="package_manifest_too_large",
                field="file",
                mb=MAX_MANIFEST_BYTES // 2**20,
            )
        manifest = _manifest(_read(archive, info))
        _check_family(manifest)
        return manifest, _files(archive, entries, manifest)


def _free_code(code: str, taken: set[str]) -> str:
    """``code``, or ``code-2``, ``code-3``... when a course already has it."""
    candidate, n = code, 1
    while candidate in taken or Course.objects.filter(code=candidate).exists():
        n += 1
        suffix = f"-{n}"
        candidate = code[: 60 - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def _create(
    actor: Actor, user: User, spec: PackageCourse, files: dict[str, bytes], code: str, of: Course | None
) -> Course:
    course = Course.objects.create(
        code=code,
        title=spec.title,
        summary=spec.summary,
        language=spec.language,
        translation_of=of,
        format=spec.format,
        area=spec.area,
        owner_bureau_id=actor.bureau_id if actor.partner_id is None else None,
        owner_partner_id=actor.partner_id,
        state=CourseState.DRAFT,
        certificate_months=spec.certificate_months,
        estimated_minutes=spec.estimated_minutes,
        created_by=user,
    )
    modules: dict[int, Module] = {}
    for m in spec.modules:
        modules[m.position] = module = Module.objects.create(
            course=course,
            position=m.position,
            title=m.title,
            kind=m.kind,
            body=m.body,
            pass_mark=m.pass_mark,
            questions_per_attempt=m.questions_per_attempt,
            max_attempts=m.max_attempts,
        )
        for q in m.questions:
            question = Question.objects.create(module=module, text=q.text, multiple=q.multiple)
            Choice.objects.bulk_create(
                Choice(
                    question=question, position=i, text=c.text, correct=c.correct, explanation=c.explanation
                )
                for i, c in enumerate(q.choices, start=1)
            )
    for item in spec.media:
        media_store.store(
            course,
            title=item.title,
            file_name=item.file_name,
            data=files[item.sha256],
            module=modules.get(item.module_position) if item.module_position is not None else None,
        )
    return course


def import_package(actor: Actor, stream: IO[bytes]) -> ImportResult:
    """Create the package's course and translations as drafts of the actor's party."""
    if not policy.may_import_course(actor) or actor.user_id is None:
        raise Forbidden(
            _("Only those who write their party's courses may import a package."),
            code="package_import_forbidden",
        )
    manifest, files = read_package(stream)
    user = User.objects.get(pk=actor.user_id)
    with transaction.atomic():
        taken: set[str] = set()
        renamed: dict[str, str] = {}
        made: list[Course] = []
        for spec in (manifest.course, *manifest.translations):
            code = _free_code(spec.code, taken)
            if code != spec.code:
                renamed[spec.code] = code
            made.append(_create(actor, user, spec, files, code, made[0] if made else None))
        audit.log(
            actor,
            audit.Action.CREATE,
            "training_course",
            made[0].pk,
            detail={"imported_package": [c.code for c in made], "renamed": renamed},
        )
    return ImportResult(course=made[0], translations=made[1:], renamed=renamed)
