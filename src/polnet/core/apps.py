from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polnet.core"
    label = "core"
    verbose_name = "Core"
