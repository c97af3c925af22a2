from celery import shared_task

from .services import ledger, standing


@shared_task
def post_rent_charges() -> int:
    """The weekly charge run, then the standing of the accounts it charged (it clears them)."""
    posted = ledger.charge_run()
    standing.refresh()
    return posted


@shared_task
def refresh_rent_standing() -> int:
    """Nightly: every account's arrears and HB expected for the new day, so lists read them ready."""
    return standing.refresh()


@shared_task
def propose_arrears_stages() -> int:
    """Daily: propose arrears stage moves (never makes them) and remind workers of waiting ones."""
    from .services import arrears

    made = arrears.propose_stages()
    arrears.remind_undecided()
    return made
