"""Keep each case's H-CLIC check results stored, so the quarter-readiness page costs what changed since the
last visit and one page of cases, not a validation of the whole quarter (issue 14)."""

from django.core.paginator import Paginator
from django.db import transaction

from ..models import HclicCaseCheck
from ..quarters import Quarter, reportable_cases
from ..validation import checked_cases, problems
from .submissions import Failure

BATCH = 500
PER_PAGE = 50


def _store(cases) -> list[Failure]:
    """Validate `cases` (already fetched with `checked_cases`) and store what was found; their failures."""
    rows, failures = [], []
    for case in cases:
        found = problems(case)
        rows.append(HclicCaseCheck(case_id=case.pk, problems=[p.check for p in found], failing=bool(found)))
        if found:
            failures.append(Failure(case.pk, case.reference, found))
    HclicCaseCheck.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=["problems", "failing", "checked_at"],
    )
    return failures


def bring_up_to_date(cases) -> int:
    """Check the cases in `cases` that have no stored result (new, or changed since); how many were checked."""
    pending = list(cases.filter(hclic_check__isnull=True).values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(pending), BATCH):
        with transaction.atomic():
            _store(checked_cases(cases.model.objects.filter(pk__in=pending[start : start + BATCH])))
    return len(pending)


def readiness_page(quarter: Quarter, cases, page_number):
    """One page of the quarter's failing cases among `cases`, each re-validated as it is shown.

    Stored results bring only new and changed cases up to date; the page's own cases are checked again
    live (a stored result can lag an edit made while it was being stored), and any that now pass are
    stored as passing and dropped from the page. The export validates the whole quarter itself."""
    reportable = reportable_cases(quarter, cases)
    bring_up_to_date(reportable)
    page = Paginator(reportable.filter(hclic_check__failing=True).only("pk"), PER_PAGE).get_page(page_number)
    ids = [case.pk for case in page.object_list]
    with transaction.atomic():
        page.failures = _store(checked_cases(cases.model.objects.filter(pk__in=ids).order_by("pk")))
    return page


def recheck_all(cases) -> int:
    """Forget and re-make every stored result among `cases` (the nightly safety net for edits that bypass
    model saves, such as a bulk update by an administrator)."""
    HclicCaseCheck.objects.filter(case__in=cases).delete()
    return bring_up_to_date(cases)
