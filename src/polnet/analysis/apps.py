from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "polnet.analysis"
    label = "analysis"
    verbose_name = "Criminal analysis"
