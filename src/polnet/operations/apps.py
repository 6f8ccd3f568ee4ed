from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "polnet.operations"
    label = "operations"
    verbose_name = "Joint operations"

    def ready(self) -> None:
        from polnet.operations import messages, watchlist
        from polnet.operations.reports import results
        from polnet.training.capacity import operation_figures

        watchlist.register()  # checks at participating posts are screened against active operations
        messages.register()  # messages about an operation stay between its bureaus, in one thread
        operation_figures.register(results.country_figures)  # the capacity dashboard's operation figures
