"""Housing Benefit claim forms: adding or correcting a claim, and recording what the council decided.
The rules (eligible charges, dates, unique references) live in rents.services.hb; these only parse."""

from decimal import Decimal

from django import forms

from core.forms import DateInput, HearthForm

from ..models import ChargeLine, HousingBenefitClaim

HB_COVERS_CHOICES = [(str(kind), ChargeLine.Kind(kind).label) for kind in sorted(ChargeLine.HB_ELIGIBLE)]


AWARD_HINT = "What the council pays each week, from its award letter. Enter 0 while the claim is pending."


def _award_field(*, help_text=AWARD_HINT, **kwargs):
    return forms.DecimalField(
        label="Weekly award (£)",
        min_value=Decimal("0.00"),
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        **kwargs,
    )


class ClaimForm(HearthForm):
    claim_reference = forms.CharField(
        label="Council's claim reference", max_length=30, help_text="As it appears on the council's HB schedule."
    )
    status = forms.ChoiceField(label="Status", choices=HousingBenefitClaim.Status.choices)
    weekly_award = _award_field(initial=Decimal("0.00"))
    covers = forms.MultipleChoiceField(
        label="What the award covers",
        choices=HB_COVERS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Housing Benefit only pays rent and eligible service charges.",
    )
    starts_on = forms.DateField(label="Claim start date", widget=DateInput())
    ends_on = forms.DateField(
        label="Claim end date", required=False, widget=DateInput(), help_text="Leave blank while it runs."
    )

    @classmethod
    def for_claim(cls, claim: HousingBenefitClaim, data=None):
        initial = {
            "claim_reference": claim.claim_reference,
            "status": claim.status,
            "weekly_award": claim.weekly_award,
            "covers": claim.covers,
            "starts_on": claim.starts_on,
            "ends_on": claim.ends_on,
        }
        return cls(data, initial=initial)


class ClaimStatusForm(HearthForm):
    status = forms.ChoiceField(label="Status", choices=HousingBenefitClaim.Status.choices)
    weekly_award = _award_field(
        required=False,
        help_text="Leave blank to keep the current award. Enter 0 if the council stopped paying.",
    )
