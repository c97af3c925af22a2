from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = "Repairs and voids"

    def ready(self):
        from core import navigation

        from . import (  # noqa: F401 - repairs panels on tenancies pages; history scopes
            letting,
            panels,
            scopes,
            signals,
        )
        from .services import exports  # noqa: F401 - the big exports the worker makes

        signals.connect()  # voids open, are offered and close with the tenancies letting signals
        navigation.register("Repairs", "repairs:repair_list", permission="repairs.view_repair", order=55)
        navigation.register("Voids", "repairs:void_board", permission="repairs.view_void", order=56)
