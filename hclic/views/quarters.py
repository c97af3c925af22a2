"""The quarter-readiness page, the export page and the frozen submissions."""

import io
import zipfile

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from casework.models import Case
from core.files import private_bytes_response
from core.services import record_access
from core.viewkit import get_visible

from ..forms.quarters import ExportForm, ReadinessForm, last_quarter
from ..models import HclicSubmission
from ..services.checks import readiness_page
from ..services.submissions import QuarterNotReady, quarter_export

FILES = {
    "cases": ("case_file", "application/xml", "cases.xml"),
    "personal": ("personal_file", "application/xml", "personal.xml"),
    "csv": ("csv_file", "text/csv; charset=utf-8", "cases.csv"),
}


@login_required
@permission_required("hclic.view_hclicitem", raise_exception=True)
def quarter_readiness(request):
    """Every case the quarter reports that would fail, and why, with links (the user's own cases)."""
    form = ReadinessForm({"quarter": request.GET.get("quarter") or str(last_quarter())})
    page, quarter = None, None
    if form.is_valid():
        quarter = form.cleaned_data["quarter"]
        page = readiness_page(quarter, Case.objects.visible_to(request.user), request.GET.get("page"))
    return render(request, "hclic/readiness.html", {"form": form, "quarter": quarter, "page_obj": page})


@login_required
@permission_required("hclic.add_hclicsubmission", raise_exception=True)
def quarter_export_view(request):
    form = ExportForm(request.POST or None, initial={"quarter": str(last_quarter())})
    failures = []
    if request.method == "POST" and form.is_valid():
        quarter, draft = form.cleaned_data["quarter"], form.cleaned_data["draft"]
        try:
            files, submission = quarter_export(quarter=quarter, draft=draft, by=request.user, request=request)
        except QuarterNotReady as exc:
            failures = exc.failures
            form.add_error(None, exc.messages[0])
        else:
            if submission is not None:
                return redirect("hclic:submission_detail", pk=submission.pk)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for attr, name in files.filenames().items():
                    archive.writestr(name, getattr(files, attr))
            return private_bytes_response(
                buffer.getvalue(),
                content_type="application/zip",
                filename=f"hclic-{quarter}-DRAFT.zip",
                as_attachment=True,
            )
    return render(request, "hclic/export.html", {"form": form, "failures": failures[:200]})


@login_required
@permission_required("hclic.view_hclicsubmission", raise_exception=True)
def submission_list(request):
    submissions = (
        HclicSubmission.objects.visible_to(request.user)
        .select_related("exported_by")
        .defer("case_file", "personal_file", "csv_file")
    )
    page = Paginator(submissions, 25).get_page(request.GET.get("page"))
    return render(request, "hclic/submission_list.html", {"page_obj": page})


@login_required
@permission_required("hclic.view_hclicsubmission", raise_exception=True)
def submission_detail(request, pk):
    submission = get_visible(
        HclicSubmission.objects.select_related("exported_by").defer("case_file", "personal_file", "csv_file"),
        request.user,
        pk=pk,
    )
    return render(request, "hclic/submission_detail.html", {"submission": submission})


@login_required
@permission_required("hclic.view_hclicsubmission", raise_exception=True)
def submission_file(request, pk, which):
    if which not in FILES:
        raise Http404
    attr, content_type, name = FILES[which]
    submission = get_visible(HclicSubmission, request.user, pk=pk)
    record_access(user=request.user, obj=submission, what=f"downloaded {which}", request=request)
    return private_bytes_response(
        bytes(getattr(submission, attr)),
        content_type=content_type,
        filename=f"hclic-{submission.quarter}-v{submission.version}-{name}",
        as_attachment=True,
    )


urlpatterns = [
    path("readiness/", quarter_readiness, name="readiness"),
    path("export/", quarter_export_view, name="export"),
    path("submissions/", submission_list, name="submission_list"),
    path("submissions/<int:pk>/", submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/<str:which>/", submission_file, name="submission_file"),
]
