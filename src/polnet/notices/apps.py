from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "polnet.notices"
    label = "notices"
    verbose_name = "Notices"

    def ready(self) -> None:
        from polnet.notices import notification_kinds

        notification_kinds.register()  # notifications about notices: wording, link, who sees them
