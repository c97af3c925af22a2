"""Export a quarter: refused while cases fail validation (unless a draft); a non-draft export is frozen."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.services import record_access

from ..export import QuarterFiles, build
from ..models import HclicSubmission
from ..quarters import Quarter, reportable_cases
from ..validation import Problem, checked_cases, problems


@dataclass(frozen=True)
class Failure:
    case_id: int
    reference: str
    problems: list[Problem]


def readiness(quarter: Quarter, cases=None) -> list[Failure]:
    """Every reportable case in the quarter that would fail, and why (five queries however many)."""
    failures = []
    for case in checked_cases(reportable_cases(quarter, cases)):
        found = problems(case)
        if found:
            failures.append(Failure(case.pk, case.reference, found))
    return failures


class QuarterNotReady(ValidationError):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        refs = ", ".join(f.reference for f in failures[:20]) + (" and more" if len(failures) > 20 else "")
        super().__init__(
            f"{len(failures)} case(s) would fail H-CLIC validation: {refs}. Fix them from the readiness page, "
            f"or export a draft."
        )


def quarter_export(*, quarter: Quarter, draft: bool, by, request=None) -> tuple[QuarterFiles, HclicSubmission | None]:
    """Build the quarter's files. A draft is marked as such inside each file and saved nowhere; otherwise
    the quarter must have no failing case, and the files are frozen as a new version of the quarter."""
    if not draft:
        failures = readiness(quarter)
        if failures:
            raise QuarterNotReady(failures)
    files = build(quarter, draft=draft)
    if draft:
        return files, None
    with transaction.atomic():
        # Lock the quarter's versions so two leaders exporting at once get 1 and 2, not 1 twice.
        list(HclicSubmission.objects.select_for_update().filter(quarter=str(quarter)))
        version = (HclicSubmission.objects.filter(quarter=str(quarter)).aggregate(v=Max("version"))["v"] or 0) + 1
        submission = HclicSubmission.objects.create(
            quarter=str(quarter),
            version=version,
            case_file=files.case_file,
            personal_file=files.personal_file,
            csv_file=files.csv_file,
            case_count=len(files.case_ids),
            totals=files.totals,
            exported_by=by,
        )
        record_access(user=by, obj=submission, what="exported", request=request)
    return files, submission
