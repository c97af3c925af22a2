"""Arrears stages: what the resident owes versus what Housing Benefit will still pay, proposing
stage moves (a person always decides), and the letters sent when a stage is agreed.

The daily job only *proposes*: nothing escalates until a housing worker (or, for stages that
need it, a manager) accepts the proposal.

Who is told: rents knows nothing about who covers an account, so the job notifies whoever the
account's owner names (`rents.scopes.owners.contact`: for an agreement, the worker who created
it); everyone who can see the account sees the proposal on "My work".
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import (
    DecimalField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.money import format_money

from .. import rules
from ..letters.arrears import letter_pdf
from ..models import (
    ArrearsAction,
    ArrearsCase,
    ArrearsStage,
    ChargeLine,
    HousingBenefitClaim,
    LedgerEntry,
    RentAccount,
)
from ..scopes import owners
from .charges import pennies, week_commencing
from .hb import expected_for_period

ZERO = Decimal("0.00")
HB_EXPECTED_STATUSES = (HousingBenefitClaim.Status.AWARDED, HousingBenefitClaim.Status.PENDING)
MANAGER_PERMISSION = "rents.approve_writeoff"


@dataclass(frozen=True)
class Split:
    """A positive balance split into Housing Benefit still expected and what the resident owes, and
    `arrears`: what of that is late (`rules.arrears`), not counting the current week's charge."""

    balance: Decimal
    hb_pending: Decimal
    resident_owed: Decimal
    this_week: Decimal = ZERO
    arrears: Decimal = ZERO


def _split(balance: Decimal, hb_expected: Decimal, *, this_week: Decimal = ZERO, hb_this_week: Decimal = ZERO) -> Split:
    hb_pending = max(ZERO, min(balance, hb_expected))
    owed = rules.arrears(balance=balance, hb_pending=hb_pending, this_week=this_week, hb_this_week=hb_this_week)
    return Split(
        balance=balance, hb_pending=hb_pending, resident_owed=balance - hb_pending, this_week=this_week, arrears=owed
    )


def _hb_expected(claims, last_credit: date | None, today: date) -> Decimal:
    """HB the claims should pay from the day after the last HB credit (or the claim start) to today.
    A credit covers up to its `period_to`, from the council's schedule or keyed in as "HB paid up
    to" (HB is paid in arrears, so that is usually before the day it was posted); only a credit
    from before that field existed falls back to its posting date."""
    total = ZERO
    for claim in claims:
        start = claim.starts_on if last_credit is None else max(claim.starts_on, last_credit + timedelta(days=1))
        end = min(today, claim.ends_on) if claim.ends_on else today
        if end >= start:
            total += expected_for_period(claim, start, end)
    return pennies(total)


def this_week_charges(ids, today: date) -> dict[int, Decimal]:
    """The current rent week's charge as posted in advance by the charge run (none yet, rent-free or not
    charging: absent), less nothing reversed: one row per account on the ledger's weekly-charge key."""
    return dict(
        LedgerEntry.objects.filter(
            account_id__in=ids,
            kind=LedgerEntry.Kind.CHARGE,
            week_commencing=week_commencing(today),
            reversed_by__isnull=True,
        ).values_list("account_id", "amount")
    )


def splits_for(accounts, *, today: date | None = None) -> dict[int, Split]:
    """The split for many accounts in three queries (claims, last HB credits, this week's charges),
    keyed by account id. Reads the cached balance; never sums the ledger."""
    today = today or timezone.localdate()
    accounts = list(accounts)
    ids = [account.pk for account in accounts]
    claims: dict[int, list] = {}
    for claim in HousingBenefitClaim.objects.filter(account_id__in=ids, status__in=HB_EXPECTED_STATUSES):
        claims.setdefault(claim.account_id, []).append(claim)
    last_credit = dict(
        LedgerEntry.objects.filter(
            account_id__in=ids, kind=LedgerEntry.Kind.PAYMENT, method=LedgerEntry.Method.HOUSING_BENEFIT
        )
        .values("account_id")
        .annotate(last=Max(Coalesce("period_to", "posted_on")))
        .values_list("account_id", "last")
    )
    this_week = this_week_charges(ids, today)
    before_this_week = week_commencing(today) - timedelta(days=1)
    result = {}
    for account in accounts:
        balance = max(account.balance, ZERO)
        account_claims, last = claims.get(account.pk, []), last_credit.get(account.pk)
        expected = _hb_expected(account_claims, last, today)
        hb_this_week = _hb_expected(account_claims, max(last, before_this_week) if last else before_this_week, today)
        result[account.pk] = _split(
            balance, expected, this_week=this_week.get(account.pk, ZERO), hb_this_week=hb_this_week
        )
    return result


def split_for(account: RentAccount, *, today: date | None = None) -> Split:
    return splits_for([account], today=today)[account.pk]


def _weekly_charges(ids, today: date) -> dict[int, Decimal]:
    """Each account's current weekly charge: the latest line of each kind in effect this rent week."""
    week_end = week_commencing(today) + timedelta(days=6)
    latest: dict[tuple[int, str], Decimal] = {}
    lines = ChargeLine.objects.filter(account_id__in=ids, effective_from__lte=week_end).order_by("effective_from")
    for line in lines.values_list("account_id", "kind", "weekly_amount"):
        latest[(line[0], line[1])] = line[2]
    totals: dict[int, Decimal] = {}
    for (account_id, _kind), amount in latest.items():
        totals[account_id] = totals.get(account_id, ZERO) + amount
    return totals


def _current_line_amount(kind: str, week_end):
    return Coalesce(
        Subquery(
            ChargeLine.objects.filter(account=OuterRef("pk"), kind=kind, effective_from__lte=week_end)
            .order_by("-effective_from")
            .values("weekly_amount")[:1]
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def in_arrears(accounts, *, today: date, min_arrears: Decimal | None = None) -> tuple[QuerySet, dict[int, Split]]:
    """Narrow `accounts` to those in arrears (`rules.arrears`), with their splits, in four queries
    however many accounts: only accounts owing more than this week's posted charge can be in arrears
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
        accounts.annotate(this_week_posted=this_week).filter(balance__gt=F("this_week_posted")).only("pk", "balance")
    )
    splits = {
        pk: split
        for pk, split in splits_for(candidates, today=today).items()
        if split.arrears > 0 and (min_arrears is None or split.arrears >= min_arrears)
    }
    return accounts.filter(pk__in=list(splits)), splits


def accounts_in_arrears(user, *, today, scheme=None, min_balance=None):
    """Accounts the user can see in arrears (`rules.arrears`; `min_balance` is the least arrears),
    with scheme (the owners' answer, see rents.scopes), last payment and weeks in arrears, and the
    splits by account id. `scheme` is a scheme id."""
    visible = RentAccount.objects.visible_to(user)
    if scheme is not None:
        visible = visible.filter(owners.in_scheme(scheme))
    visible, splits = in_arrears(visible, today=today, min_arrears=min_balance)
    week_end = week_commencing(today) + timedelta(days=6)
    weekly = sum(
        (_current_line_amount(kind, week_end) for kind in ChargeLine.Kind.values[1:]),
        _current_line_amount(ChargeLine.Kind.values[0], week_end),
    )
    accounts = visible.annotate(
        scheme_name=owners.scheme_name(),
        last_payment=Max(
            "entries__posted_on",
            filter=Q(entries__kind=LedgerEntry.Kind.PAYMENT, entries__reversed_by__isnull=True),
        ),
        weekly_charge=weekly,
    )
    return accounts, splits


def weeks_in_arrears(owed: Decimal, weekly_charge) -> Decimal | None:
    """Weeks of the current charge the arrears (`rules.arrears`, not the balance) come to, to one
    place; None for an account with no weekly charge."""
    weekly = Decimal(str(weekly_charge or 0))
    return round(owed / weekly, 1) if weekly > 0 else None


def order_by_arrears(splits: dict[int, Split], *, weekly: dict | None = None, descending: bool = True) -> list[int]:
    """The accounts' ids by their arrears as shown (`Split.arrears`), or, given each account's
    weekly charge, by weeks in arrears; largest first when `descending`, then by id either way, and
    accounts with no weekly charge last. Arrears are worked out in Python (`splits_for`), so lists
    sort the splits they already have rather than the SQL balance (until arrears is a column)."""

    def value(pk):
        owed = splits[pk].arrears
        if weekly is None:
            return owed
        charge = Decimal(str(weekly.get(pk) or 0))
        return owed / charge if charge > 0 else None  # unrounded, so 0.25 and 0.17 weeks do not tie

    values = {pk: value(pk) for pk in splits}
    sign = -1 if descending else 1  # largest first when descending; ties by id either way
    known = sorted((pk for pk, v in values.items() if v is not None), key=lambda pk: (sign * values[pk], pk))
    return known + sorted(pk for pk, v in values.items() if v is None)


def in_order(accounts, ids, *, chunk_size=500):
    """The accounts with these ids (from `order_by_arrears`), in this order, a chunk of ids per query."""
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        found = accounts.in_bulk(chunk)
        yield from (found[pk] for pk in chunk)


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
    weekly = _weekly_charges(ids, today)
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
