from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "polnet.offline"
    label = "offline"
    verbose_name = "Offline packages for disconnected posts"
