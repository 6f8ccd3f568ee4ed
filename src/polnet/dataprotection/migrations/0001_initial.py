from django.db import migrations


class Migration(migrations.Migration):
    """The app's first step: its parts add their tables after it."""

    initial = True
    dependencies: list[tuple[str, str]] = []
    operations: list[migrations.operations.base.Operation] = []
