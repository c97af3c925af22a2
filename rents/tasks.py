from celery import shared_task

from . import services


@shared_task
def post_rent_charges() -> int:
    return services.charge_run()
