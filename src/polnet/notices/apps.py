from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "polnet.notices"
    label = "notices"
    verbose_name = "Notices"
