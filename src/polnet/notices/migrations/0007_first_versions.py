"""Every notice published (or diffusion sent) before versions were kept gets its version 1: its
content as it stands, so its page lists the versions from the start."""

from typing import Any

from django.db import migrations

NAME_FIELDS = ("given", "family", "full", "script", "language", "is_alias")
WARRANT_FIELDS = (
    "decision",
    "authority",
    "reference",
    "charge",
    "charge_translation",
    "charge_translation_language",
    "law",
    "max_penalty_months",
    "convicted",
    "sentence_months",
    "remaining_sentence_months",
)


def _content(notice: Any) -> dict[str, Any]:
    warrants = []
    for w in notice.warrants.order_by("position"):
        row = {f: getattr(w, f) for f in WARRANT_FIELDS}
        row["issuing_country"] = w.issuing_country_id
        row["issued_on"] = w.issued_on.isoformat() if w.issued_on else None
        warrants.append(row)
    return {
        "names": [{f: getattr(n, f) for f in NAME_FIELDS} for n in notice.names.order_by("position")],
        "warrants": warrants,
        "information": [],
        "images": [{"id": i.pk, "caption": i.caption} for i in notice.images.order_by("id")],
    }


def first_versions(apps: Any, schema_editor: Any) -> None:
    Notice = apps.get_model("notices", "Notice")
    NoticeVersion = apps.get_model("notices", "NoticeVersion")
    for notice in Notice.objects.filter(published_at__isnull=False, versions__isnull=True).iterator():
        NoticeVersion.objects.create(
            notice=notice,
            number=1,
            at=notice.published_at,
            act="send" if notice.channel == "diffusion" else "publish",
            changes=[],
            content=_content(notice),
        )


class Migration(migrations.Migration):
    dependencies = [("notices", "0006_after_publication")]

    operations = [migrations.RunPython(first_versions, migrations.RunPython.noop)]
