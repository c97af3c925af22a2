from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Homelessness prevention casework"

    def ready(self):
        from core import navigation

        navigation.register("Caseload", "casework:caseload", permission="casework.view_case", order=80)
        navigation.register("Referrals in", "casework:referral_list", permission="casework.add_case", order=85)
