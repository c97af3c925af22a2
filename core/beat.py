"""Put the beat schedule from settings into django-celery-beat's tables.

Beat does this itself when it starts; doing it after `migrate` too means admins see
(and can switch off, or re-time) every scheduled job in Django admin from the first day.
"""

from django.conf import settings


def sync_beat_schedule() -> list[str]:
    from celery import current_app as app
    from django_celery_beat.schedulers import ModelEntry

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        ModelEntry.from_entry(name, app=app, **entry)
    return list(settings.CELERY_BEAT_SCHEDULE)


def sync_beat_schedule_after_migrate(sender, **kwargs):
    sync_beat_schedule()
