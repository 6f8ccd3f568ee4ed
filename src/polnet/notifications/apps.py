from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "polnet.notifications"
    label = "notifications"
    verbose_name = "Notifications"
