from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Health, safety and fire compliance"

    def ready(self):
        from core import navigation

        from . import letting, panels, signals  # noqa: F401 - the pre-let check on sign-up; panels on stock pages
        from .letters import report  # noqa: F401 - the report the worker makes for every scheme

        signals.connect()
        navigation.register("Compliance", "compliance:grid", permission="compliance.view_scheduledcheck", order=57)
