from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "polnet.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
