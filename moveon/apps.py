"""Private rented move-on: landlords and letting agents, property offers checked against the Local Housing
Allowance, incentives within a budget, and the six-month sustainment follow-up.
"""

from django.apps import AppConfig


class MoveonConfig(AppConfig):
    name = "moveon"
    verbose_name = "Private rented move-on"

    def ready(self):
        from core import navigation

        from . import panels, scopes  # noqa: F401 - the offers panel on the case page; history scopes

        navigation.register("Landlords", "moveon:landlord_list", permission="moveon.view_landlord", order=90)
