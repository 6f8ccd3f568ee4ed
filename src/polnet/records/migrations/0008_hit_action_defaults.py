"""Existing records get the action their kind (and, for a person, its purpose) starts with.

The tables are copied here as they stood, so that a later change of the defaults does not
change what this migration did."""

from django.db import migrations

PERSON_DEFAULTS = {
    "locate_wanted": "locate",
    "identification": "inquiry_check",
    "investigation": "discreet_check",
    "alert": "discreet_check",
    "forensics": "inquiry_check",
    "security_check": "specific_check",
    "threat_analysis": "discreet_check",
    "border_management": "refuse_entry",
}
OBJECTS = ("TravelDocument", "Vehicle", "Firearm", "Artwork")


def fill(apps, schema_editor):
    Person = apps.get_model("records", "Person")
    for purpose, action in PERSON_DEFAULTS.items():
        Person.objects.filter(hit_action="", purpose=purpose).update(hit_action=action)
    Person.objects.filter(hit_action="").update(hit_action="discreet_check")
    for name in OBJECTS:
        apps.get_model("records", name).objects.filter(hit_action="").update(hit_action="seize")


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0007_hit_action"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
