"""Demo Housing Benefit claims, so rents/samples/hb_schedule_sample.csv has claims to match."""

from decimal import Decimal

from core.demo import demo_seeder

from .models import ChargeLine, HousingBenefitClaim, RentAccount


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
