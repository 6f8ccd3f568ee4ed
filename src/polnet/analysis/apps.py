from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "polnet.analysis"
    label = "analysis"
    verbose_name = "Criminal analysis"

    def ready(self) -> None:
        from polnet.analysis.labels import CHOICES
        from polnet.core import labels

        labels.register(CHOICES)
        from polnet.analysis.resolution import labels as resolution_labels

        resolution_labels.register()
        from polnet.analysis import erasure

        erasure.register()  # a deleted record or notice leaves no contribution, identifier or link
