from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "polnet.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from polnet.dataprotection import retention

        retention.register()  # the review-date warnings: wording, link, who opens them
