"""Who may check, export and download H-CLIC quarters. The return holds case-level data on the council's
homelessness cases, so the charity's Housing Manager (`manager`) has none of it; officers see readiness
for their own cases but may not export (403)."""

from tests.access_matrix import Access

READINESS = frozenset({"prevention_officer", "team_leader", "administrator"})
EXPORTERS = frozenset({"team_leader", "administrator"})


def _submission(user, users):
    from hclic.models import HclicSubmission

    submission = HclicSubmission.objects.create(
        quarter="2026Q3",
        version=HclicSubmission.objects.filter(quarter="2026Q3").count() + 1,
        case_file=b"<HclicReturn/>",
        personal_file=b"<HclicPersonalData/>",
        csv_file=b"CaseID\n",
        exported_by=users["administrator"],
    )
    return {"pk": submission.pk}


def _file(user, users):
    return {**_submission(user, users), "which": "cases"}


ACCESS = {
    "hclic:readiness": Access(allowed=READINESS),
    "hclic:export": Access(allowed=EXPORTERS),
    "hclic:submission_list": Access(allowed=EXPORTERS),
    "hclic:submission_detail": Access(allowed=EXPORTERS, kwargs=_submission),
    "hclic:submission_file": Access(allowed=EXPORTERS, kwargs=_file),
}
