from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "polnet.training"
    label = "training"
    verbose_name = "Training and capacity building"

    def ready(self) -> None:
        from polnet.training.certificates import gate

        gate.register()  # the certification gates the kernel applies to every door
