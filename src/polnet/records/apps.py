from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "polnet.records"
    label = "records"
    verbose_name = "Records"

    def ready(self) -> None:
        from polnet.core import labels
        from polnet.records.labels import CHOICES

        labels.register(CHOICES)
