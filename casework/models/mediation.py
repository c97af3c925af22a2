"""Mediation with the host (family or friends) who has asked the applicant to leave."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .cases import Case


class MediationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class Mediation(models.Model):
    class Outcome(models.TextChoices):
        ONGOING = "ongoing", "Still going"
        CAN_STAY = "can_stay", "Host agrees they can stay"
        STAY_UNTIL = "stay_until", "Host agrees they can stay until a date"
        NOT_RESOLVED = "not_resolved", "Not resolved: they cannot stay"
        DECLINED = "declined", "Mediation declined"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediations")
    host_name = models.CharField("host's name", max_length=150)
    host_relationship = models.CharField("host's relationship to the applicant", max_length=80)
    other_parties = models.TextField(blank=True, help_text="Anyone else taking part.")
    professional_referral = models.BooleanField("referred to professional mediation", default=False)
    professional_service = models.CharField(max_length=200, blank=True)
    referred_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.ONGOING)
    stay_until = models.DateField(null=True, blank=True, help_text="When the host agrees they can stay until.")
    outcome_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MediationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return f"Mediation with {self.host_name} ({self.host_relationship})"

    @property
    def keeps_home(self) -> bool:
        """The outcomes that can end a prevention duty as 'stayed in their home'."""
        return self.outcome == self.Outcome.CAN_STAY


class MediationSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(mediation__case__in=Case.objects.visible_to(user))


class MediationSession(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    attended = models.TextField("who took part")
    notes = models.TextField()
    agreed_actions = models.TextField(blank=True, help_text="For example: host agrees they can stay until 31 January.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MediationSessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"Mediation session on {self.held_on:%-d %B %Y}"
