from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Homelessness prevention casework"

    def ready(self):
        from core import navigation

        from . import scopes  # noqa: F401 - registers who may see which TA rent accounts

        navigation.register("Caseload", "casework:caseload", permission="casework.view_case", order=80)
        navigation.register("Referrals in", "casework:referral_list", permission="casework.add_case", order=85)
