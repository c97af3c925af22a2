"""Demo Housing Benefit claims, so rents/samples/hb_schedule_sample.csv has claims to match."""

from decimal import Decimal

from core.demo import demo_seeder

from ..models import ChargeLine, HousingBenefitClaim, RentAccount


@demo_seeder(order=30)
def seed_housing_benefit_claims(scale: int) -> str:
    created = 0
    accounts = RentAccount.objects.filter(charging_until__isnull=True).prefetch_related("charge_lines")
    for number, account in enumerate(accounts.order_by("reference")[: 3 * scale], start=1):
        eligible = {}
        for line in account.charge_lines.all():
            if line.kind in ChargeLine.HB_ELIGIBLE:
                eligible[line.kind] = line.weekly_amount  # ordered by effective_from: the latest wins
        _, new = HousingBenefitClaim.objects.get_or_create(
            claim_reference=f"HB{100000 + number}",
            defaults={
                "account": account,
                "status": HousingBenefitClaim.Status.AWARDED,
                "weekly_award": sum(eligible.values(), Decimal("0.00")),
                "covers": sorted(eligible),
                "starts_on": account.charging_from,
            },
        )
        created += new
    return f"Housing Benefit claims: {created} created"


@demo_seeder(order=40)
def seed_payments_plans_and_arrears(scale: int) -> str:
    """A year of payments and HB credits: most residents keep up, some fall behind.

    Demo only: payments go in with bulk_create and the balances are recomputed once, which is
    faster than posting each through `ledger.payment_post` and ends in the same state.
    """
    from datetime import timedelta
    from random import Random

    from django.utils import timezone

    from accounts.models import User

    from ..models import ArrearsAction, LedgerEntry, PaymentPlan
    from ..services import arrears, ledger, plans

    if LedgerEntry.objects.filter(reference__startswith="DEMO-").exists():
        return "Demo payments already there"
    today = timezone.localdate()
    rng = Random("hearth-demo-payments")  # noqa: S311 - demo data
    claims = {claim.account_id: claim for claim in HousingBenefitClaim.objects.all()}
    rows = []
    behind = []
    for account in RentAccount.objects.order_by("reference"):
        charges = account.entries.filter(kind=LedgerEntry.Kind.CHARGE)
        pays_every_week = account.charging_until is not None or rng.random() > 0.3
        # The first resident without Housing Benefit to fall behind does so only in the last four weeks,
        # so whatever the date the demo has arrears at the first letter stage, not only long ones.
        lately = not pays_every_week and account.pk not in claims and not any(a.pk not in claims for a in behind)
        if not pays_every_week:
            behind.append(account)
        for charge in charges:
            claim = claims.get(account.pk)
            hb_part = min(charge.amount, claim.weekly_award) if claim else Decimal("0.00")
            rest = charge.amount - hb_part
            posted_on = charge.week_commencing + timedelta(days=3)
            if posted_on > today:
                continue
            if hb_part:
                # The demo council pays up to the day it pays (what it pays up to is on every HB credit).
                rows.append((account, -hb_part, "housing_benefit", posted_on, f"DEMO-HB-{charge.pk}", posted_on))
            if lately:
                pays = charge.week_commencing < today - timedelta(days=28)
            else:
                pays = pays_every_week or charge.week_commencing < today - timedelta(days=120) or rng.random() < 0.3
            if rest and pays:
                method = rng.choice(["standing_order", "card", "cash"])
                rows.append((account, -rest, method, posted_on, f"DEMO-{charge.pk}", None))
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            account=account,
            kind=LedgerEntry.Kind.PAYMENT,
            method=method,
            amount=amount,
            posted_on=posted_on,
            reference=reference,
            period_to=period_to,
            description="Payment",
        )
        for account, amount, method, posted_on, reference, period_to in rows
    )
    ledger._recompute_balances({account.pk for account, *_ in rows})
    worker = User.objects.filter(email="housing.worker@example.org").first()
    made_plans = 0
    for account in behind[: 2 * scale]:
        account.refresh_from_db()
        if account.balance > 0 and not PaymentPlan.objects.filter(account=account, status="active").exists():
            plans.plan_create(
                account=account,
                weekly_amount=Decimal("5.00"),
                starts_on=today - timedelta(days=21),
                review_on=today + timedelta(days=60),
                by=worker,
            )
            made_plans += 1
    proposed = arrears.propose_stages(today=today)
    accepted = 0
    waiting = ArrearsAction.objects.filter(
        decision=ArrearsAction.Decision.PENDING, stage__needs_manager_review=False
    ).select_related("stage")
    for action in sorted(waiting, key=lambda action: (not action.stage.letter_template, action.pk))[:2]:
        arrears.proposal_accept(action=action, by=worker, notes="Talked it through with them first.", today=today)
        accepted += 1
    return (
        f"{len(rows)} demo payments, {made_plans} payment plans, "
        f"{proposed} arrears stage proposals ({accepted} accepted)"
    )
