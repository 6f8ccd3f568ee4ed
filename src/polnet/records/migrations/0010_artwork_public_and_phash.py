"""Works of art: the owner's leave to list a work publicly, and each photo's perceptual hash.

The hashes of photos already stored are computed here; a file that is missing or unreadable
keeps no hash (the work is still checked by its words)."""

from typing import Any

from django.db import migrations, models


def hash_existing_photos(apps: Any, schema_editor: Any) -> None:
    from polnet.core.errors import InvalidInput
    from polnet.core.phash import perceptual_hash

    photo_model = apps.get_model("records", "RecordPhoto")
    for photo in photo_model.objects.filter(kind="artwork", phash__isnull=True).iterator():
        try:
            with photo.file.open("rb") as fh:
                photo.phash = perceptual_hash(fh.read())
        except (OSError, InvalidInput):
            continue
        photo.save(update_fields=["phash"])


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0009_retention_warning"),
    ]

    operations = [
        migrations.AddField(
            model_name="artwork",
            name="public",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="recordphoto",
            name="phash",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(hash_existing_photos, migrations.RunPython.noop),
    ]
