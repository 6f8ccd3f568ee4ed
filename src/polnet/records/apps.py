from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "polnet.records"
    label = "records"
    verbose_name = "Records"
