from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "polnet.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
