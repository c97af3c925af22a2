"""Home visits, logged from a phone, with lone-working check-in and check-out."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import Notification

from ..rules import LONE_WORKING_ALERT_GRACE, LONE_WORKING_ALERTED_LOOKBACK
from .cases import Case

# One notification per visit and level; the visit's scope reads it back.
ALERT_KEY = "lone-working:{pk}:{level}"


class HomeVisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visits on cases the user may see, their own visits, and visits they were sent a lone-working
        alert about lately (LONE_WORKING_ALERTED_LOOKBACK) (escalation reaches leaders of other teams)."""
        alert_prefix = Concat(Value(ALERT_KEY.split("{pk}")[0]), Cast(OuterRef("pk"), CharField()), Value(":"))
        alerted = Notification.objects.filter(
            recipient=user,
            key__startswith=alert_prefix,
            created_at__gte=timezone.now() - LONE_WORKING_ALERTED_LOOKBACK.as_timedelta(),
        )
        return self.filter(Q(case__in=Case.objects.visible_to(user)) | Q(officer=user) | Exists(alerted))

    def watched_by(self, user):
        """What a leader's lone-working page shows: visits they may see, and every visit by their team's officers."""
        scope = Q(pk__in=self.visible_to(user).values("pk"))
        if user.team_id:
            scope |= Q(officer__team_id=user.team_id)
        return self.filter(scope)

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False, checked_out_at__isnull=True)

    def overdue_checkout(self, now):
        """On a visit, at or past the expected finish plus the grace period, and nobody has acknowledged it
        (`services.visits.alert_fires_at` tells the officer the same moment)."""
        late = now - LONE_WORKING_ALERT_GRACE.as_timedelta()
        return self.checked_in().filter(expected_end__lte=late, alert_acknowledged_at__isnull=True)


class HomeVisit(models.Model):
    class Kind(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNANNOUNCED = "unannounced", "Unannounced"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="home_visits")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PLANNED)
    address = models.TextField()
    planned_start = models.DateTimeField()
    expected_end = models.DateTimeField("expected finish")
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)

    # What the officer found
    present = models.TextField("who was there", blank=True)
    applicant_lives_there = models.BooleanField("applicant confirmed as living there", null=True, blank=True)
    space = models.TextField("space and overcrowding", blank=True)
    disrepair = models.TextField(blank=True)
    hazards = models.TextField(blank=True)
    reason_at_risk = models.TextField("why they are at risk, in the household's own words", blank=True)
    staff_risks = models.TextField("risks to staff", blank=True)
    notes = models.TextField(blank=True)
    follow_ups = models.TextField("follow-ups", blank=True)

    # Lone working
    alert_level = models.PositiveSmallIntegerField(default=0, help_text="0: no alert; 1: team leader; 2+: escalated.")
    last_alert_at = models.DateTimeField(null=True, blank=True)
    alert_acknowledged_at = models.DateTimeField(null=True, blank=True)
    alert_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    alert_note = models.TextField("what was done", blank=True)

    objects = HomeVisitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end__gt=models.F("planned_start")), name="visit_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | (Q(checked_in_at__isnull=False) & Q(checked_out_at__gte=models.F("checked_in_at"))),
                name="visit_check_out_after_check_in",
            ),
        ]
        indexes = [models.Index(fields=["checked_out_at", "expected_end"])]

    def __str__(self):
        return f"Home visit on {timezone.localtime(self.planned_start):%-d %B %Y %H:%M}"

    def get_absolute_url(self):
        return reverse("casework:visit_detail", args=[self.pk])

    def clean(self):
        if self.planned_start and self.expected_end and self.expected_end <= self.planned_start:
            raise ValidationError({"expected_end": "The expected finish must be after the start."})

    @property
    def on_visit(self) -> bool:
        return self.checked_in_at is not None and self.checked_out_at is None

    @property
    def alert_open(self) -> bool:
        return self.alert_level > 0 and self.alert_acknowledged_at is None
