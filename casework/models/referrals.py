"""Referrals into the prevention team (the duty-to-refer pattern)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts import roles
from people.models import Consent, Person


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Prevention staff see referrals to their service; a referrer sees the ones they raised."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(roles.PREVENTION_OFFICER, roles.TEAM_LEADER, roles.ADMINISTRATOR):
            return self
        return self.filter(referred_by=user)


class Referral(models.Model):
    """A referral into the council's homelessness prevention team (the duty-to-refer pattern, s213B).

    Raised from Hearth's own supported housing when an agreement is at risk, with the
    person's recorded consent, so the two halves of Hearth hand over without re-keying.
    """

    class Source(models.TextChoices):
        SUPPORTED_HOUSING = "supported_housing", "Hearth supported housing"
        PUBLIC_AUTHORITY = "public_authority", "Public authority (duty to refer)"
        AGENCY = "agency", "Agency"

    class Risk(models.TextChoices):
        NOTICE_PROPOSED = "notice_proposed", "Notice to end their agreement is proposed"
        MOVE_ON_NOWHERE = "move_on_nowhere", "Planned move-on with nowhere to go"
        OTHER = "other", "Other risk of homelessness"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACCEPTED = "accepted", "Accepted: a case is open"
        CLOSED = "closed", "Closed"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=30, choices=Source.choices)
    risk = models.CharField(max_length=30, choices=Risk.choices)
    reason = models.TextField(help_text="Why they are at risk, in plain words.")
    expected_loss_on = models.DateField(
        null=True, blank=True, help_text="When they may lose their home (notice expiry or planned move date)."
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    referrer_reference = models.CharField(max_length=100, blank=True, help_text="The referrer's own reference.")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_note = models.TextField(blank=True)

    objects = ReferralQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"Referral of {self.person} ({self.received_at:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("casework:referral_detail", args=[self.pk])
