"""Rent account pages: the account and its ledger, payments, reversals, adjustments, write-offs,
refunds, statements and the arrears list."""

from datetime import timedelta
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.exports import csv_streaming_response, xlsx_response
from core.money import format_money
from core.viewkit import form_view, get_visible

from ..forms.ledger import (
    AdjustmentForm,
    AmountReasonForm,
    ArrearsFilterForm,
    PaymentForm,
    ReasonForm,
    StatementPeriodForm,
)
from ..letters.statements import statement_pdf
from ..models import LedgerEntry, PaymentPlan, RentAccount
from ..scopes import owners
from ..services import arrears, hb, ledger
from ..services.charges import Line, has_53_weeks, pennies, week_commencing, weekly_rate
from ..services.statements import describe_balance, split_amount, statement_for

ENTRIES_PER_PAGE = 25
ARREARS_PER_PAGE = 50


def _visible_account(request, pk) -> RentAccount:
    return get_visible(RentAccount.objects.select_related(*owners.related()), request.user, pk=pk)


def _charge_summary(account: RentAccount, today):
    """Current lines (the latest in effect per kind this rent week) and the full dated history."""
    history = list(account.charge_lines.order_by("kind", "-effective_from"))
    monday = week_commencing(today)
    week_end = monday + timedelta(days=6)
    current = {}
    for line in history:
        if line.effective_from <= week_end and line.kind not in current:
            current[line.kind] = line
    lines = [Line(line.kind, line.weekly_amount, line.effective_from) for line in history]
    return list(current.values()), history, weekly_rate(lines, monday)


def _ledger_page(request, account: RentAccount):
    """Newest first, with the running balance after each entry worked back from the cached balance
    through the entries newer than the page: the first page reads only itself however long the
    ledger is (a later page also sums the pages before it)."""
    entries = (
        account.entries.annotate(is_reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk"))))
        .select_related("created_by", "approved_by")
        .order_by("-posted_on", "-pk")
    )
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = page.object_list = list(page.object_list)
    if not rows:
        return page
    balance = account.balance  # read with the account for this request (a posting moves the caller's copy too)
    if page.number > 1:
        newest = rows[0]
        newer = account.entries.filter(
            Q(posted_on__gt=newest.posted_on) | Q(posted_on=newest.posted_on, pk__gt=newest.pk)
        ).aggregate(total=Sum("amount"))["total"]
        balance -= pennies(Decimal(str(newer or 0)))  # SQLite sums as floats
    for entry in rows:
        entry.running_balance = balance
        entry.balance_text = describe_balance(balance)
        split_amount(entry)
        balance -= entry.amount
    return page


def _detail_context(request, account: RentAccount, *, payment_form=None) -> dict:
    today = timezone.localdate()
    current_lines, line_history, weekly_charge = _charge_summary(account, today)
    return {
        "account": account,
        "owner_lines": owners.describe(account, request.user),
        "current_lines": current_lines,
        "line_history": line_history,
        "weekly_charge": weekly_charge,
        "balance_abs": abs(account.balance),
        "split": arrears.split_for(account, today=today),
        "year_has_53_weeks": has_53_weeks(week_commencing(today)),
        "page_obj": _ledger_page(request, account),
        "payment_form": payment_form or PaymentForm(initial={"received_on": today}),
        "statement_form": StatementPeriodForm.from_query({}),
        "active_plan": account.payment_plans.filter(status=PaymentPlan.Status.ACTIVE).first(),
        "hb_claims": hb.claims_for(account),
    }


@permission_required("rents.view_rentaccount", raise_exception=True)
def account_detail(request, pk):
    return render(request, "rents/account_detail.html", _detail_context(request, _visible_account(request, pk)))


@permission_required("rents.add_ledgerentry", raise_exception=True)
@require_POST
def payment_post(request, pk):
    """The payment form lives on the account page, so a refused payment shows that page again."""
    account = _visible_account(request, pk)
    form = PaymentForm(request.POST)
    return form_view(
        request,
        form,
        template="rents/account_detail.html",
        save=lambda form: ledger.payment_post(
            account=account,
            amount=form.cleaned_data["amount"],
            method=form.cleaned_data["method"],
            received_on=form.cleaned_data["received_on"],
            reference=form.cleaned_data["reference"].strip(),
            period_to=form.cleaned_data["period_to"],
            by=request.user,
        ),
        success=lambda entry: f"Payment of {format_money(form.cleaned_data['amount'])} posted.",
        then=reverse("rents:account_detail", args=[account.pk]),
        context=lambda: _detail_context(request, account, payment_form=form),
    )


@permission_required("rents.add_ledgerentry", raise_exception=True)
def entry_reverse(request, pk, entry_pk):
    account = _visible_account(request, pk)
    entry = get_object_or_404(account.entries.select_related("reversed_by"), pk=entry_pk)
    return form_view(
        request,
        ReasonForm(request.POST or None),
        template="rents/entry_reverse.html",
        save=lambda form: ledger.entry_reverse(entry=entry, reason=form.cleaned_data["reason"], by=request.user),
        success=f"{entry.get_kind_display()} of {entry.posted_on:%-d %B %Y} reversed.",
        then=reverse("rents:account_detail", args=[account.pk]),
        context={"account": account, "entry": entry, "refusal": entry.reversal_refusal()},
    )


@permission_required("rents.add_ledgerentry", raise_exception=True)
def adjustment_post(request, pk):
    account = _visible_account(request, pk)
    form = AdjustmentForm(request.POST or None)
    return form_view(
        request,
        form,
        template="rents/adjustment_form.html",
        save=lambda form: ledger.adjustment_post(
            account=account, amount=form.signed_amount(), reason=form.cleaned_data["reason"], by=request.user
        ),
        success="Adjustment posted.",
        then=reverse("rents:account_detail", args=[account.pk]),
        context={"account": account},
    )


@permission_required(["rents.add_ledgerentry", "rents.approve_writeoff"], raise_exception=True)
def write_off_post(request, pk):
    """A manager approves and posts the write-off themselves."""
    account = _visible_account(request, pk)
    form = AmountReasonForm(request.POST or None)
    return form_view(
        request,
        form,
        template="rents/write_off_form.html",
        save=lambda form: ledger.write_off_post(
            account=account,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            approved_by=request.user,
        ),
        success="Write-off posted.",
        then=reverse("rents:account_detail", args=[account.pk]),
        context={"account": account},
    )


@permission_required(["rents.add_ledgerentry", "rents.approve_writeoff"], raise_exception=True)
def refund_post(request, pk):
    """A refund pays credit back to the resident; a manager approves and posts it."""
    account = _visible_account(request, pk)
    form = AmountReasonForm(request.POST or None)
    return form_view(
        request,
        form,
        template="rents/refund_form.html",
        save=lambda form: ledger.refund_post(
            account=account,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            approved_by=request.user,
        ),
        success="Refund posted.",
        then=reverse("rents:account_detail", args=[account.pk]),
        context={"account": account},
    )


@permission_required(["rents.view_rentaccount", "rents.view_ledgerentry"], raise_exception=True)
def statement(request, pk):
    """A PDF statement for `?from=YYYY-MM-DD&to=YYYY-MM-DD` (the last 3 months by default)."""
    account = _visible_account(request, pk)
    form = StatementPeriodForm.from_query(request.GET)
    if not form.is_valid():
        return render(request, "rents/statement_form.html", {"account": account, "form": form}, status=400)
    start, end = form.period()
    pdf = statement_pdf(statement_for(account=account, start=start, end=end))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{account.reference}-{start}-{end}.pdf"'
    return response


# Arrears ---------------------------------------------------------------------------------------

# Every column sorts in SQL on the account's stored columns (`rents.services.standing`), so a page
# of the list costs the same however long the ledger behind it is.
ARREARS_SORTS = {
    "reference": "reference",
    "name": "name",
    "scheme": "scheme_name",
    "balance": "balance",
    "last_payment": "last_payment_on",
    "weeks": "weeks",
    "arrears": "arrears",
}
ARREARS_COLUMNS = [
    ("reference", "Reference"),
    ("name", "Name"),
    ("scheme", "Scheme"),
    ("balance", "Balance"),
    ("last_payment", "Last payment"),
    ("weeks", "Weeks in arrears"),
    ("arrears", "Arrears"),
]
ARREARS_DEFAULT_SORT = "-arrears"  # largest arrears first, then by account


def _arrears_sort(sort: str) -> str:
    return sort if sort.lstrip("-") in dict(ARREARS_COLUMNS) else ARREARS_DEFAULT_SORT


def _arrears_ordered(accounts, sort: str):
    key, descending = sort.lstrip("-"), sort.startswith("-")
    field = F(ARREARS_SORTS[key])
    return accounts.order_by(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True), "pk")


ARREARS_EXPORT_HEADER = [
    "Reference",
    "Name",
    "Scheme",
    "Balance",
    "Arrears",
    "Last payment",
    "Weekly charge",
    "Weeks in arrears",
]


def _arrears_export_rows(accounts):
    """One row per account, as typed values (Decimals, dates); CSV and XLSX share it. Arrears is
    `rents.rules.arrears` (without this week's charge and HB still expected)."""
    for account in accounts:
        yield [
            account.reference,
            account.name,
            account.scheme_name or "",
            account.balance,
            account.arrears,
            account.last_payment_on,
            account.weekly_charge,
            arrears.weeks_in_arrears(account.arrears, account.weekly_charge),
        ]


def _arrears_csv(accounts):
    return csv_streaming_response(
        f"arrears-{timezone.localdate()}.csv", ARREARS_EXPORT_HEADER, _arrears_export_rows(accounts)
    )


def _arrears_xlsx(accounts):
    """An Excel workbook with real numbers and dates, written in constant memory."""
    return xlsx_response(
        f"arrears-{timezone.localdate()}.xlsx", "Arrears", ARREARS_EXPORT_HEADER, _arrears_export_rows(accounts)
    )


@permission_required("rents.view_rentaccount", raise_exception=True)
def arrears_list(request):
    today = timezone.localdate()
    form = ArrearsFilterForm(request.GET or None, schemes=owners.schemes_for(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    sort = _arrears_sort(request.GET.get("sort", ARREARS_DEFAULT_SORT))
    accounts = arrears.arrears_list(
        request.user,
        today=today,
        scheme=getattr(filters.get("scheme"), "pk", None),
        min_balance=filters.get("min_balance"),
    )
    ordered = _arrears_ordered(accounts, sort)
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = ordered.iterator(chunk_size=500)
        return (_arrears_csv if request.GET["format"] == "csv" else _arrears_xlsx)(rows)
    page = Paginator(ordered, ARREARS_PER_PAGE).get_page(request.GET.get("page"))
    for account in page.object_list:
        account.weeks_in_arrears = arrears.weeks_in_arrears(account.arrears, account.weekly_charge)
    columns = [
        {
            "key": key,
            "label": label,
            "sorted": sort.lstrip("-") == key and ("descending" if sort.startswith("-") else "ascending"),
            "next": key if sort != key else f"-{key}",
        }
        for key, label in ARREARS_COLUMNS
    ]
    return render(
        request,
        "rents/arrears_list.html",
        {"form": form, "page_obj": page, "accounts": page.object_list, "columns": columns, "sort": sort},
    )


urlpatterns = [
    path("accounts/<int:pk>/", account_detail, name="account_detail"),
    path("accounts/<int:pk>/payments/", payment_post, name="payment_post"),
    path("accounts/<int:pk>/adjustments/", adjustment_post, name="adjustment_post"),
    path("accounts/<int:pk>/write-offs/", write_off_post, name="write_off_post"),
    path("accounts/<int:pk>/refunds/", refund_post, name="refund_post"),
    path("accounts/<int:pk>/entries/<int:entry_pk>/reverse/", entry_reverse, name="entry_reverse"),
    path("accounts/<int:pk>/statement/", statement, name="statement"),
    path("arrears/", arrears_list, name="arrears_list"),
]
