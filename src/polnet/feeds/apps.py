from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "polnet.feeds"
    label = "feeds"
    verbose_name = "Bulk sync from national systems"

    def ready(self) -> None:
        from polnet.core import labels as core_labels
        from polnet.feeds import labels

        core_labels.register(labels.CHOICES)
