"""Arrears stages: the cases list, one account's arrears page, accepting or declining a proposed
stage, and the stage letters."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.files import private_file_response
from core.forms import add_validation_error
from core.viewkit import get_visible, query_id

from ..forms.arrears import AcceptProposalForm, DeclineProposalForm
from ..models import ArrearsAction, ArrearsCase, ArrearsStage, RentAccount
from ..scopes import owners
from ..services import arrears

CASES_PER_PAGE = 50


def _visible_action(request, pk) -> ArrearsAction:
    return get_visible(ArrearsAction.objects.select_related("case__account", "stage"), request.user, pk=pk)


@permission_required("rents.view_rentaccount", raise_exception=True)
def arrears_cases(request):
    """Accounts in arrears (`rents.rules.arrears`) with what HB will still pay, what the resident owes,
    and their stage; `?proposed=<stage id>` keeps those with that stage waiting for a decision."""
    visible = RentAccount.objects.visible_to(request.user)
    proposed_id = query_id(request, "proposed")
    proposed = ArrearsStage.objects.filter(pk=proposed_id).first() if proposed_id is not None else None
    if proposed is not None:
        visible = visible.filter(
            arrears_case__actions__stage=proposed, arrears_case__actions__decision=ArrearsAction.Decision.PENDING
        )
    accounts = arrears.accounts_in_arrears(visible, today=timezone.localdate())
    # Largest arrears first (the stored standing, `rents.services.standing`), then by account.
    ordered = accounts.select_related("arrears_case__stage", *owners.related()).order_by("-arrears", "pk")
    page = Paginator(ordered, CASES_PER_PAGE).get_page(request.GET.get("page"))
    rows = page.object_list = list(page.object_list)
    pending = dict(
        ArrearsAction.objects.filter(
            case__account__in=[a.pk for a in rows], decision=ArrearsAction.Decision.PENDING
        ).values_list("case__account_id", "stage__name")
    )
    for account in rows:
        account.resident_owed = account.balance - account.hb_pending
        account.resident = owners.resident_name(account)
        account.pending_stage = pending.get(account.pk)
        case = getattr(account, "arrears_case", None)
        account.stage = case.stage if case is not None else None
    return render(request, "rents/arrears/cases.html", {"page_obj": page, "accounts": rows, "proposed": proposed})


def _render_account(request, account, *, forms=None, status=200):
    today = timezone.localdate()
    case = ArrearsCase.objects.filter(account=account).select_related("stage").first()
    actions = list(case.actions.select_related("stage", "decided_by")) if case else []
    forms = forms or {}
    for action in actions:
        action.can_decide = action.is_pending and arrears.can_decide(request.user, action)
        action.accept_form = forms.get(("accept", action.pk)) or AcceptProposalForm(auto_id=f"accept-{action.pk}-%s")
        action.decline_form = forms.get(("decline", action.pk)) or DeclineProposalForm(
            auto_id=f"decline-{action.pk}-%s"
        )
    return render(
        request,
        "rents/arrears/account.html",
        {
            "account": account,
            "resident": owners.resident_name(account),
            "split": arrears.split_for(account, today=today),
            "case": case,
            "actions": actions,
            "stages": ArrearsStage.objects.order_by("order"),
            "notice_url": owners.notice_url(account),
            "notice_words": owners.notice_words(account),
        },
        status=status,
    )


@permission_required("rents.view_rentaccount", raise_exception=True)
def arrears_account(request, pk):
    return _render_account(request, get_visible(RentAccount, request.user, pk=pk))


def _decide(request, pk, *, form_class, kind):
    action = _visible_action(request, pk)
    if not arrears.can_decide(request.user, action):
        raise PermissionDenied
    form = form_class(request.POST, auto_id=f"{kind}-{action.pk}-%s")
    if form.is_valid():
        try:
            if kind == "accept":
                arrears.proposal_accept(action=action, by=request.user, notes=form.cleaned_data["notes"])
                message = f"The account is now at '{action.stage.name}'."
                if action.stage.letter_template:
                    message += " The letter is ready to download and send."
            else:
                arrears.proposal_decline(action=action, by=request.user, notes=form.cleaned_data["notes"])
                message = f"You declined '{action.stage.name}'. It will not be proposed again."
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("rents:arrears_account", action.case.account_id)
    return _render_account(request, action.case.account, forms={(kind, action.pk): form}, status=400)


@require_POST
@permission_required("rents.change_arrearscase", raise_exception=True)
def arrears_accept(request, pk):
    return _decide(request, pk, form_class=AcceptProposalForm, kind="accept")


@require_POST
@permission_required("rents.change_arrearscase", raise_exception=True)
def arrears_decline(request, pk):
    return _decide(request, pk, form_class=DeclineProposalForm, kind="decline")


@permission_required("rents.view_rentaccount", raise_exception=True)
def arrears_letter(request, pk):
    action = _visible_action(request, pk)
    return private_file_response(
        action.letter, filename=f"arrears-letter-{action.case.account.reference}-{action.stage.order}.pdf"
    )


urlpatterns = [
    path("arrears/cases/", arrears_cases, name="arrears_cases"),
    path("accounts/<int:pk>/arrears/", arrears_account, name="arrears_account"),
    path("arrears/proposals/<int:pk>/accept/", arrears_accept, name="arrears_accept"),
    path("arrears/proposals/<int:pk>/decline/", arrears_decline, name="arrears_decline"),
    path("arrears/proposals/<int:pk>/letter/", arrears_letter, name="arrears_letter"),
]
