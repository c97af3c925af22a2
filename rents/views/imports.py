"""Views for imports: upload a Housing Benefit schedule or a payment file, see what posted and
resolve the rows held for review."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from rules.contrib.views import permission_required

from core.viewkit import form_view

from ..forms.imports import ResolveRowForm, UploadForm, resolve_account_queryset
from ..models import ImportBatch, ImportRow
from ..services import imports

PERMISSION = "rents.add_ledgerentry"
PROGRESS_ROWS = 500  # files bigger than this show a progress bar while they upload and post


@permission_required(PERMISSION, raise_exception=True)
def import_list(request):
    batches = (
        ImportBatch.objects.select_related("uploaded_by")
        .annotate(held=Count("rows", filter=Q(rows__status__in=ImportRow.HELD)))
        .order_by("-uploaded_at", "-pk")
    )
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    return render(request, "rents/imports/import_list.html", {"page_obj": page, "batches": page.object_list})


def _upload(request, kind: str):
    form = UploadForm(request.POST or None, request.FILES or None)
    rejected = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.import_file(kind=kind, filename=upload.name, content=upload.read(), by=request.user)
        except imports.ImportRejected as exc:
            rejected = exc.errors
            form.add_error("file", "Nothing was imported. Fix the problems listed below and upload the file again.")
        else:
            held = batch.row_count - batch.posted_count
            text = f"{batch.posted_count} of {batch.row_count} rows posted."
            if held:
                text += f" {held} {'row is' if held == 1 else 'rows are'} held for you to check."
                messages.warning(request, text)
            else:
                messages.success(request, text)
            return redirect(batch)
    return render(
        request,
        "rents/imports/upload.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": ImportBatch.Kind(kind).label,
            "columns": imports.COLUMNS[kind],
            "rejected": rejected,
            "progress_rows": PROGRESS_ROWS,
        },
    )


@permission_required(PERMISSION, raise_exception=True)
def import_upload_hb(request):
    return _upload(request, ImportBatch.Kind.HB_SCHEDULE)


@permission_required(PERMISSION, raise_exception=True)
def import_upload_payments(request):
    return _upload(request, ImportBatch.Kind.PAYMENTS)


@permission_required(PERMISSION, raise_exception=True)
def import_detail(request, pk):
    batch = get_object_or_404(ImportBatch.objects.select_related("uploaded_by"), pk=pk)
    rows = imports.rows_visible_to(request.user, batch).select_related("account", "entry", "resolved_by")
    held = list(rows.filter(status__in=ImportRow.HELD))
    done = rows.exclude(status__in=ImportRow.HELD).order_by("line_number")
    page = Paginator(done, 50).get_page(request.GET.get("page"))
    hidden = batch.row_count - rows.count()
    # The uploader's own rows held for a colleague: line and reason only, nothing about the account.
    outside = (
        batch.rows.filter(status__in=ImportRow.HELD)
        .exclude(pk__in=rows.values("pk"))
        .order_by("line_number")
        .values_list("line_number", flat=True)
        if batch.uploaded_by_id == request.user.pk
        else []
    )
    return render(
        request,
        "rents/imports/import_detail.html",
        {
            "batch": batch,
            "held": held,
            "page_obj": page,
            "done": page.object_list,
            "hidden": hidden,
            "outside": list(outside),
            "out_of_scope": imports.OUT_OF_SCOPE,
        },
    )


@permission_required(PERMISSION, raise_exception=True)
def import_row_resolve(request, pk):
    row = get_object_or_404(
        ImportRow.objects.filter(
            Q(account__isnull=True) | Q(account__in=resolve_account_queryset(request.user))
        ).select_related("batch", "account"),
        pk=pk,
    )
    if not row.is_held:
        messages.info(request, "This row has already been dealt with.")
        return redirect(row.batch)
    return form_view(
        request,
        ResolveRowForm(request.POST or None, row=row, accounts=resolve_account_queryset(request.user)),
        template="rents/imports/row_resolve.html",
        save=lambda form: imports.row_resolve(row=row, by=request.user, **form.service_kwargs()),
        success=lambda row: (
            f"Line {row.line_number} posted to {row.account.reference}."
            if row.entry_id
            else f"Line {row.line_number} will not be posted."
        ),
        then=lambda row: row.batch,
        context={"row": row, "batch": row.batch},
    )


urlpatterns: list = [
    path("imports/", import_list, name="import_list"),
    path("imports/housing-benefit/", import_upload_hb, name="import_upload_hb"),
    path("imports/payments/", import_upload_payments, name="import_upload_payments"),
    path("imports/<int:pk>/", import_detail, name="import_detail"),
    path("imports/rows/<int:pk>/", import_row_resolve, name="import_row_resolve"),
]
