from celery import shared_task

from casework.models import Case

from .services import checks


@shared_task
def check_hclic_cases(full: bool = False) -> int:
    """Nightly: check the cases changed since their last check, so the readiness page opens ready; weekly
    (`full`), check every case again in case an edit bypassed the model (a bulk update)."""
    cases = Case.objects.all()
    return checks.recheck_all(cases) if full else checks.bring_up_to_date(cases)
