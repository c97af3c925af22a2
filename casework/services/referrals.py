from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import notify
from people.models import Consent, Person

from ..models import Referral
from .common import save_by


@transaction.atomic
def referral_receive(
    *,
    person: Person,
    source: str,
    risk: str,
    reason: str,
    consent: Consent,
    by,
    expected_loss_on: date | None = None,
    referrer_reference: str = "",
) -> Referral:
    """Take a referral in. Consent must be recorded and given (UK GDPR; s213B(3) Housing Act 1996)."""
    if consent is None or not consent.given or consent.person_id != person.pk:
        raise ValidationError("A referral needs the person's recorded consent to share their details with the council.")
    if consent.purpose != Consent.Purpose.REFER_TO_COUNCIL:
        raise ValidationError("The consent recorded is not for a referral to the council.")
    referral = Referral(
        person=person,
        source=source,
        risk=risk,
        reason=reason,
        consent=consent,
        referred_by=by,
        expected_loss_on=expected_loss_on,
        referrer_reference=referrer_reference,
    )
    save_by(referral, by)
    from accounts import roles
    from accounts.models import User

    for leader in User.objects.filter(groups__name=roles.TEAM_LEADER, is_active=True):
        notify(
            recipient=leader,
            about=referral,
            key=f"referral-received:{referral.pk}",
            subject=f"New referral: {person.name}",
            body=f"{referral.get_risk_display()}. Referred by {by}.",
            url=referral.get_absolute_url(),
        )
    return referral
