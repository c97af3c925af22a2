from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Health, safety and fire compliance"

    def ready(self):
        from . import letting, signals  # noqa: F401 - the pre-let check on tenancies' sign-up

        signals.connect()
