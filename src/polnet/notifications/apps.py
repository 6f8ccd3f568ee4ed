from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "polnet.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from polnet.notifications import live, services
        from polnet.notifications.models import Notification

        live.register_channel("notification", Notification, ["recipient_bureau_id", "recipient_unit_id"])
        live.register_page_feed("notification", services.inbox_feed)
