from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "polnet.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        from polnet.core import search
        from polnet.core.audit import register_seal_verifier
        from polnet.screening import erasure, notification_kinds
        from polnet.screening.querylog import SEAL_TYPE, verify_seal
        from polnet.screening.search import KINDS, find

        register_seal_verifier(SEAL_TYPE, verify_seal)
        search.register(KINDS, find)  # the records lists rank with the screening engines
        notification_kinds.register()  # notifications about hits: wording, link, who sees them
        erasure.register()  # a deleted record or notice: its hits and list rows lose its details
