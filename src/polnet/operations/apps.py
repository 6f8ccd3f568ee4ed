from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "polnet.operations"
    label = "operations"
    verbose_name = "Joint operations"
