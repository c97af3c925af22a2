from django.apps import AppConfig


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = "Repairs and voids"

    def ready(self):
        from . import scopes  # noqa: F401 - registers whose history follows which record
