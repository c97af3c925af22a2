"""Part 7 duties (prevention s195, relief s189B, interim accommodation s188, main duty s193) and decisions."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .. import rules
from .cases import Case


class DutyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def open(self):
        return self.filter(ended_on__isnull=True)

    def clocked(self):
        """Duties with a 56-day clock: prevention and relief."""
        return self.filter(kind__in=[Duty.Kind.PREVENTION, Duty.Kind.RELIEF])


class Duty(models.Model):
    """A duty owed to the applicant, from the day it began to the day it ended and why."""

    class Kind(models.TextChoices):
        PREVENTION = "prevention", "Prevention duty (s195)"
        RELIEF = "relief", "Relief duty (s189B)"
        INTERIM = "interim", "Interim accommodation duty (s188)"
        MAIN = "main", "Main housing duty (s193)"

    class EndReason(models.TextChoices):
        ACCOMMODATION_SECURED = "accommodation_secured", "Suitable accommodation secured for at least 6 months"
        DAYS_ELAPSED = "56_days_elapsed", "56 days have passed"
        BECAME_HOMELESS = "became_homeless", "Became homeless"
        REFUSED_SUITABLE_OFFER = "refused_suitable_offer", "Refused an offer of suitable accommodation"
        REFUSED_FINAL_OFFER = "refused_final_offer", "Refused a final accommodation offer (s193A)"
        NON_COOPERATION = "non_cooperation", "Deliberately and unreasonably refused to cooperate (s193B)"
        NOT_ELIGIBLE = "not_eligible", "No longer eligible"
        WITHDREW = "withdrew", "Withdrew the application"
        CONTACT_LOST = "contact_lost", "Contact lost"
        RELIEF_ENDED = "relief_ended", "The relief duty ended (interim accommodation only)"
        MAIN_DUTY_DECIDED = "main_duty_decided", "The main duty decision was made (interim accommodation only)"
        INTENTIONALLY_HOMELESS = "intentionally_homeless", "Became homeless intentionally from accommodation provided"
        PART6_OFFER = "part6_offer", "Accepted or refused a suitable social housing (Part 6) offer"
        PRIVATE_OFFER = "private_offer", "Accepted or refused a suitable private rented offer"

    class Secured(models.TextChoices):
        STAYED = "stayed", "Stayed in their home"
        MOVED = "moved", "Moved to other accommodation"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=40, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    secured = models.CharField("accommodation secured by", max_length=10, choices=Secured.choices, blank=True)
    warning_notice_on = models.DateField(
        "warning notice given on",
        null=True,
        blank=True,
        help_text="s193B: a warning must come before ending for non-cooperation.",
    )
    accommodation_secured_type = models.ForeignKey(
        "casework.HclicCategory",
        verbose_name="accommodation secured (H-CLIC)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_id": "accommodation_secured"},
    )
    main_activity = models.ForeignKey(
        "casework.HclicCategory",
        verbose_name="main activity that secured it (H-CLIC)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mediation_outcome = models.ForeignKey(
        "casework.Mediation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DutyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name_plural = "duties"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="duty_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(ended_on__isnull=True), name="one_open_duty_of_a_kind_per_case"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.started_on:%-d %B %Y}"

    @property
    def has_clock(self) -> bool:
        return self.kind in (self.Kind.PREVENTION, self.Kind.RELIEF)

    @property
    def day_56(self) -> date | None:
        """The 56-day point (s195(8)(b), s189B(7)(b)): the duty may end on this day at the earliest."""
        if self.kind == self.Kind.PREVENTION:
            return rules.PREVENTION_DUTY.due(self.started_on)
        if self.kind == self.Kind.RELIEF:
            return rules.RELIEF_DUTY.due(self.started_on)
        return None

    def day_number(self, today: date | None = None) -> int:
        """Day 1 is the day the duty began."""
        today = today or timezone.localdate()
        end = self.ended_on or today
        return (end - self.started_on).days + 1

    def days_left(self, today: date | None = None) -> int | None:
        if not self.has_clock or self.ended_on:
            return None
        return (self.day_56 - (today or timezone.localdate())).days

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class MainDutyDecision(models.Model):
    """The s184 decision on the main duty, with the letter date that starts the s202 review window."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Homeless, eligible, in priority need and not intentionally homeless: main duty owed"
        INTENTIONAL = "intentional", "Homeless and in priority need, but intentionally homeless"
        NO_PRIORITY = "no_priority", "Homeless but not in priority need"
        NOT_HOMELESS = "not_homeless", "Not homeless"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    priority_need = models.ForeignKey(
        "casework.HclicCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_id": "priority_need"},
    )
    decided_on = models.DateField()
    letter_sent_on = models.DateField("decision letter date")
    reasons = models.TextField()
    review_requested_on = models.DateField("review requested on (s202)", null=True, blank=True)
    review_outcome = models.TextField(blank=True)
    review_decided_on = models.DateField("review decided on", null=True, blank=True)
    review_result = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("upheld", "The original decision stands"),
            ("changed", "The decision was changed in the applicant's favour"),
            ("withdrawn", "The applicant withdrew the review"),
        ],
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"Main duty decision, {self.decided_on:%-d %B %Y}"

    @property
    def review_deadline(self) -> date:
        """s202(3): a review must be requested within 21 days of being notified (the letter date here)."""
        return rules.REVIEW_REQUEST.due(self.letter_sent_on)

    @property
    def review_due(self) -> date | None:
        """SI 2018/223 reg 9(1)(a): a requested review is decided within 8 weeks of the request."""
        return rules.REVIEW_DECISION.due(self.review_requested_on) if self.review_requested_on else None

    def review_window_open(self, today: date | None = None) -> bool:
        return self.review_requested_on is None and (today or timezone.localdate()) <= self.review_deadline
