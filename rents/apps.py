from django.apps import AppConfig


class RentsConfig(AppConfig):
    name = "rents"
    verbose_name = "Rents: the ledger"

    def ready(self):
        from core import navigation

        navigation.register("Arrears", "rents:arrears_list", permission="rents.view_rentaccount", order=60)
        navigation.register("Arrears stages", "rents:arrears_cases", permission="rents.view_arrearscase", order=65)
        navigation.register("Imports", "rents:import_list", permission="rents.add_ledgerentry", order=70)
