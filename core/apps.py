from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Hearth core: notifications, reminders and audit"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .beat import sync_beat_schedule_after_migrate

        post_migrate.connect(sync_beat_schedule_after_migrate, sender=self)
