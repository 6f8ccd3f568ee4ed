from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "polnet.messaging"
    label = "messaging"
    verbose_name = "Messaging"
