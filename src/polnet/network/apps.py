from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "polnet.network"
    label = "network"
    verbose_name = "Network"
