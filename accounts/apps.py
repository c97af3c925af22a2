from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, roles and teams"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles

        post_migrate.connect(roles.sync_role_permissions_after_migrate)
