from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "polnet.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from polnet.dataprotection import retention

        retention.register()  # the review-date warnings: wording, link, who opens them
        from polnet.dataprotection.requests import notification_kinds as request_kinds

        request_kinds.register()  # requests and consultations in the notifications inbox
