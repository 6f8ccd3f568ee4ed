"""Existing notices get the action their kind starts with; a Red notice the arrest, with the
reference of its first warrant. The tables are copied as they stood."""

from django.db import migrations

NOTICE_DEFAULTS = {
    "red": "arrest",
    "yellow": "protect",
    "blue": "locate",
    "black": "inquiry_check",
    "green": "discreet_check",
    "orange": "specific_check",
    "purple": "inquiry_check",
    "silver": "locate",
    "un": "refuse_entry",
}


def warrant_reference(warrant):
    said = ", ".join(p for p in (warrant.authority, warrant.issuing_country_id) if p)
    return (f"{warrant.reference} ({said})" if said else warrant.reference)[:200]


def fill(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    ArrestWarrant = apps.get_model("notices", "ArrestWarrant")
    for kind, action in NOTICE_DEFAULTS.items():
        Notice.objects.filter(hit_action="", kind=kind).update(hit_action=action)
    Notice.objects.filter(hit_action="").update(hit_action="locate")
    first: dict[int, object] = {}
    warrants = ArrestWarrant.objects.filter(notice__kind="red").exclude(reference="")
    for w in warrants.order_by("notice_id", "position", "id"):
        first.setdefault(w.notice_id, w)
    for notice_id, w in first.items():
        Notice.objects.filter(pk=notice_id, hit_action="arrest", hit_action_reference="").update(
            hit_action_reference=warrant_reference(w)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0004_hit_action"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
