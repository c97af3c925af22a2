from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Homelessness prevention casework"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import navigation

        from . import scopes  # noqa: F401 - registers who may see which TA rent accounts
        from .codes import load_code_lists_after_migrate

        navigation.register("Caseload", "casework:caseload", permission="casework.view_case", order=80)
        navigation.register("Referrals in", "casework:referral_list", permission="casework.add_case", order=85)
        navigation.register("Lone working", "casework:lone_working", permission="casework.reassign_case", order=88)
        # After migrate, and after the test database is flushed between live-server tests.
        post_migrate.connect(load_code_lists_after_migrate, sender=self)
