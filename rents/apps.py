from django.apps import AppConfig


class RentsConfig(AppConfig):
    name = "rents"
    verbose_name = "Rents: the ledger"
