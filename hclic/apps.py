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

        # After migrate, and after the test database is flushed between live-server tests.
        post_migrate.connect(_load_items_after_migrate, sender=self)
