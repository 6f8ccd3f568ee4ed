from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "polnet.portal"
    label = "portal"
    verbose_name = "Portal"
