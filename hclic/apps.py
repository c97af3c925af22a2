from django.apps import AppConfig


def _load_items_after_migrate(sender, **kwargs) -> None:
    from .items import load_items
    from .models import HclicItem

    load_items(HclicItem)


class HclicConfig(AppConfig):
    name = "hclic"
    verbose_name = "H-CLIC statutory return"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import navigation

        from . import panels, signals  # noqa: F401  (the case page panel)

        signals.connect()

        navigation.register("H-CLIC", "hclic:submission_list", permission="hclic.view_hclicsubmission", order=90)

        # After migrate, and after the test database is flushed between live-server tests.
        post_migrate.connect(_load_items_after_migrate, sender=self)
