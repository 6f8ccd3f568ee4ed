from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "polnet.network"
    label = "network"
    verbose_name = "Network"

    def ready(self) -> None:
        from polnet.core import labels
        from polnet.network.labels import CHOICES

        labels.register(CHOICES)
