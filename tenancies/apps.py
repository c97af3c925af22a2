from django.apps import AppConfig


class TenanciesConfig(AppConfig):
    name = "tenancies"
    verbose_name = "Tenancies: schemes, units, residents and agreements"

    def ready(self):
        from . import scopes  # noqa: F401 - registers who may see which residents
