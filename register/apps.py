from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = "Housing register triage"

    def ready(self):
        from core import navigation

        from . import panels  # noqa: F401 - the housing register panel on the case page

        navigation.register(
            "Register triage", "register:queue", permission="register.view_registerapplication", order=92
        )
