from celery import shared_task

from .services import ledger


@shared_task
def post_rent_charges() -> int:
    return ledger.charge_run()


@shared_task
def propose_arrears_stages() -> int:
    """Daily: propose arrears stage moves (never makes them) and remind workers of waiting ones."""
    from .services import arrears

    made = arrears.propose_stages()
    arrears.remind_undecided()
    return made
