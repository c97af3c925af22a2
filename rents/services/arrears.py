"""Arrears stages: what the resident owes versus what Housing Benefit will still pay, proposing
stage moves (a person always decides), and the letters sent when a stage is agreed.

The daily job only *proposes*: nothing escalates until a housing worker (or, for stages that
need it, a manager) accepts the proposal.

Who is told: rents knows nothing about who covers an account, so the job notifies whoever the
account's owner names (`rents.scopes.owners.contact`: for an agreement, the worker who created
it); everyone who can see the account sees the proposal on "My work".
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import (
    Case,
    DecimalField,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from core.money import format_money

from .. import rules
from ..letters.arrears import letter_pdf
from ..models import (
    ArrearsAction,
    ArrearsCase,
    ArrearsStage,
    LedgerEntry,
    RentAccount,
)
from ..scopes import owners
from . import standing
from .charges import week_commencing
from .standing import ZERO, Split, split_for, splits_for, weekly_charges

__all__ = ["Split", "split_for", "splits_for"]  # the arrears split is worked out in `standing`
MANAGER_PERMISSION = "rents.approve_writeoff"


def in_arrears(accounts, *, today: date, min_arrears: Decimal | None = None) -> tuple[QuerySet, dict[int, Split]]:
    """Narrow `accounts` to those in arrears (`rules.arrears`) on `today`, with their splits, worked
    out afresh and read-only, for figures on any day (lists read the stored standing instead,
    `accounts_in_arrears`): only accounts owing more than this week's posted charge can be in arrears
    (one query), and their HB still expected is then taken off (`splits_for`)."""
    this_week = Coalesce(
        Subquery(
            LedgerEntry.objects.filter(
                account=OuterRef("pk"),
                kind=LedgerEntry.Kind.CHARGE,
                week_commencing=week_commencing(today),
                reversed_by__isnull=True,
            ).values("amount")[:1]
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    candidates = (
        accounts.annotate(this_week_posted=this_week)
        .filter(balance__gt=F("this_week_posted"))
        .only("pk", "balance", "hb_paid_to")
    )
    splits = {
        pk: split
        for pk, split in splits_for(candidates, today=today).items()
        if split.arrears > 0 and (min_arrears is None or split.arrears >= min_arrears)
    }
    return accounts.filter(pk__in=list(splits)), splits


def accounts_in_arrears(accounts, *, today: date, min_arrears: Decimal | None = None) -> QuerySet:
    """Those of `accounts` in arrears today (`rules.arrears`; `min_arrears` is the least), read from
    their stored standing (`rents.services.standing`) once any not worked out for today have been:
    the list's cost does not grow with the ledger behind it."""
    standing.refresh(accounts, today=today)
    found = accounts.standing_current(today).filter(arrears__gt=0)
    return found.filter(arrears__gte=min_arrears) if min_arrears is not None else found


def arrears_list(user, *, today, scheme=None, min_balance=None) -> QuerySet:
    """Accounts the user can see in arrears (`accounts_in_arrears`), with their scheme (the owners'
    answer, see rents.scopes). `scheme` is a scheme id; `min_balance` is the least arrears."""
    visible = RentAccount.objects.visible_to(user)
    if scheme is not None:
        visible = visible.filter(owners.in_scheme(scheme))
    return accounts_in_arrears(visible, today=today, min_arrears=min_balance).annotate(
        scheme_name=owners.scheme_name(), weeks=weeks_expression()
    )


def weeks_expression():
    """Weeks of the current charge the arrears come to, unrounded (so 0.25 and 0.17 do not tie), in
    SQL, as a sort key only (the page shows `weeks_in_arrears`, in Decimal); empty for an account with
    no weekly charge. A float ratio, because SQLite divides whole-pound decimals as integers."""
    return Case(
        When(weekly_charge__gt=0, then=Cast("arrears", FloatField()) / Cast("weekly_charge", FloatField())),
        default=None,
        output_field=FloatField(),
    )


def weeks_in_arrears(owed: Decimal, weekly_charge) -> Decimal | None:
    """Weeks of the current charge the arrears (`rules.arrears`, not the balance) come to, to one
    place; None for an account with no weekly charge."""
    weekly = Decimal(str(weekly_charge or 0))
    return round(owed / weekly, 1) if weekly > 0 else None


def stage_due(stages, *, arrears: Decimal, weekly_charge: Decimal, above_order: int):
    """The highest stage above `above_order` whose thresholds the arrears (`rules.arrears`) meet."""
    due = None
    for stage in stages:
        if stage.order <= above_order:
            continue
        if arrears >= stage.min_balance and arrears >= stage.min_weeks_of_charge * weekly_charge:
            due = stage
    return due


def _notify_proposal(action: ArrearsAction) -> bool:
    from core.services import notify

    recipient = owners.contact(action.case.account)
    if recipient is None:
        return False
    account = action.case.account
    name = owners.resident_name(account)
    return (
        notify(
            recipient=recipient,
            about=account,
            key=f"rents.arrears.proposal:{action.pk}",
            subject=f"Arrears: {name} may need '{action.stage.name}'",
            body=(
                f"{name} ({account.reference}) owes {format_money(action.resident_owed)} in arrears, beyond this "
                f"week's rent and {format_money(action.hb_pending)} of Housing Benefit still expected. Please look "
                "at the proposal and accept or decline it."
            ),
            url=reverse("rents:arrears_account", args=[account.pk]),
        )
        is not None
    )


def propose_stages(*, today: date | None = None, batch_size: int = 500) -> int:
    """Propose the next stage for each account in arrears (`rules.arrears`). Idempotent:
    a stage is proposed once per account. Never moves a stage itself. Returns proposals made."""
    today = today or timezone.localdate()
    stages = list(ArrearsStage.objects.order_by("order"))
    if not stages:
        return 0
    made = 0
    accounts = (
        RentAccount.objects.in_arrears()
        .select_related("arrears_case__stage", *owners.related(), *owners.related(contact=True))
        .order_by("pk")
    )
    batch: list[RentAccount] = []
    for account in accounts.iterator(chunk_size=batch_size):
        batch.append(account)
        if len(batch) >= batch_size:
            made += _propose_batch(batch, stages, today)
            batch = []
    if batch:
        made += _propose_batch(batch, stages, today)
    return made


def _propose_batch(accounts, stages, today: date) -> int:
    ids = [account.pk for account in accounts]
    splits = splits_for(accounts, today=today)
    weekly = weekly_charges(ids, today)
    already = set(ArrearsAction.objects.filter(case__account_id__in=ids).values_list("case__account_id", "stage_id"))
    made = 0
    for account in accounts:
        split = splits[account.pk]
        if split.arrears <= 0:
            continue
        case = getattr(account, "arrears_case", None)
        current = case.stage.order if case is not None and case.stage is not None else 0
        stage = stage_due(
            stages, arrears=split.arrears, weekly_charge=weekly.get(account.pk, ZERO), above_order=current
        )
        if stage is None or (account.pk, stage.pk) in already:
            continue
        action = _create_proposal(account=account, stage=stage, split=split, today=today)
        if action is not None:
            made += 1
            _notify_proposal(action)
    return made


@transaction.atomic
def _create_proposal(*, account, stage, split: Split, today: date) -> ArrearsAction | None:
    case, _ = ArrearsCase.objects.get_or_create(account=account)
    action, created = ArrearsAction.objects.get_or_create(
        case=case,
        stage=stage,
        defaults={
            "proposed_on": today,
            "balance": split.balance,
            "hb_pending": split.hb_pending,
            "resident_owed": split.arrears,
        },
    )
    return action if created else None


def can_decide(user, action: ArrearsAction) -> bool:
    if not user.has_perm("rents.change_arrearscase"):
        return False
    if not action.stage.needs_manager_review or user.has_perm(MANAGER_PERMISSION):
        return True
    return owners.may_review(action.case.account, user)


@transaction.atomic
def proposal_accept(*, action: ArrearsAction, by, notes: str = "", today: date | None = None) -> ArrearsAction:
    """Move the account to the proposed stage and, for a letter stage, write the letter."""
    today = today or timezone.localdate()
    action = (
        ArrearsAction.objects.select_for_update(of=("self",)).select_related("case__account", "stage").get(pk=action.pk)
    )
    if not action.is_pending:
        raise ValidationError("This proposal has already been decided.")
    if not can_decide(by, action):
        raise PermissionDenied("A manager needs to agree to this stage.")
    case = ArrearsCase.objects.select_for_update().get(pk=action.case_id)
    if case.stage is not None and case.stage.order >= action.stage.order:
        raise ValidationError(f"This account is already at '{case.stage.name}'. Decline this proposal instead.")
    case.stage = action.stage
    case.stage_since = today
    case._history_user = by
    case.save(update_fields=["stage", "stage_since"])
    action.decision = ArrearsAction.Decision.ACCEPTED
    action.decided_by = by
    action.decided_on = today
    action.notes = notes.strip()
    fields = ["decision", "decided_by", "decided_on", "notes"]
    if action.stage.letter_template:
        pdf = letter_pdf(action=action, split=split_for(action.case.account, today=today), by=by, today=today)
        action.letter.save(f"arrears-{action.stage.order}-{action.pk}-{today:%Y%m%d}.pdf", ContentFile(pdf), save=False)
        fields.append("letter")
    action._history_user = by
    action.save(update_fields=fields)
    return action


@transaction.atomic
def proposal_decline(*, action: ArrearsAction, by, notes: str, today: date | None = None) -> ArrearsAction:
    action = ArrearsAction.objects.select_for_update(of=("self",)).select_related("stage").get(pk=action.pk)
    if not action.is_pending:
        raise ValidationError("This proposal has already been decided.")
    if not can_decide(by, action):
        raise PermissionDenied("A manager needs to decide on this stage.")
    if not notes.strip():
        raise ValidationError({"notes": "Say why this stage is not right for now."})
    action.decision = ArrearsAction.Decision.DECLINED
    action.decided_by = by
    action.decided_on = today or timezone.localdate()
    action.notes = notes.strip()
    action._history_user = by
    action.save(update_fields=["decision", "decided_by", "decided_on", "notes"])
    return action


def remind_undecided(*, today: date | None = None) -> int:
    """Once a week, remind the account's contact of proposals still waiting (`rules.ARREARS_PROPOSAL_REMINDER`)."""
    from core.services import notify

    today = today or timezone.localdate()
    sent = 0
    waiting_since = today - timedelta(days=rules.ARREARS_PROPOSAL_REMINDER.amount)
    actions = ArrearsAction.objects.filter(
        decision=ArrearsAction.Decision.PENDING, proposed_on__lte=waiting_since
    ).select_related(*owners.related("case__account__"), *owners.related("case__account__", contact=True), "stage")
    for action in actions.iterator(chunk_size=500):
        recipient = owners.contact(action.case.account)
        if recipient is None:
            continue
        account = action.case.account
        note = notify(
            recipient=recipient,
            about=account,
            key=f"rents.arrears.reminder:{action.pk}:{week_commencing(today)}",
            subject=f"Reminder: arrears proposal for {owners.resident_name(account)} is waiting",
            body=f"'{action.stage.name}' was proposed on {action.proposed_on:%d %B %Y}. Please accept or decline it.",
            url=reverse("rents:arrears_account", args=[account.pk]),
        )
        sent += note is not None
    return sent
