"""Awaab's Law: hazards triaged from a repair report, their clocks, and the record of every step.

The rules and their sources are in `repairs.rules`; whether the law or the landlord's own policy
applies is `AwaabApplicability`, and each hazard keeps which applied when it was triaged.
"""

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tenancies.models import Agreement, Scheme


class HazardType(models.Model):
    """A hazard that counts as a *significant* hazard from a date (the phases of Awaab's Law are data:
    phase 1 damp and mould; phase 2 and 3 add more when their commencement is confirmed)."""

    name = models.CharField(max_length=100, unique=True)
    hhsrs_profile = models.CharField("HHSRS hazard", max_length=100, blank=True)
    significant_from = models.DateField(
        null=True, blank=True, help_text="From when the law's significant-hazard clocks apply; empty if not yet."
    )
    source = models.CharField(max_length=300, help_text="The regulation or guidance this date comes from.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def is_significant_on(self, day: date) -> bool:
        return self.significant_from is not None and self.significant_from <= day


class AwaabApplicability(models.Model):
    """Whether Awaab's Law applies, per agreement type, for the whole organisation (no scheme) or one
    scheme. Where no row says otherwise the legal default in `repairs.rules.AWAAB_LEGAL_DEFAULT` holds;
    where the law does not apply the same clocks run as the landlord's own policy."""

    scheme = models.ForeignKey(Scheme, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agreement_kind = models.CharField(max_length=30, choices=Agreement.Kind.choices)
    applies = models.BooleanField()
    reason = models.TextField(help_text='Why: for example "We are not a registered provider".')
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Awaab's Law applicability"
        verbose_name_plural = "Awaab's Law applicability"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "agreement_kind"], name="awaab_applicability_once"),
            models.UniqueConstraint(
                fields=["agreement_kind"], condition=Q(scheme__isnull=True), name="awaab_applicability_once_org"
            ),
        ]

    def __str__(self):
        where = self.scheme or "All schemes"
        return f"{where}: {self.get_agreement_kind_display()} ({'applies' if self.applies else 'does not apply'})"


class HazardQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(repair__scheme__in=Scheme.objects.visible_to(user))


class Hazard(models.Model):
    """A repair triaged as a potential emergency or significant hazard (SI 2025/1042)."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", "Emergency hazard"
        SIGNIFICANT = "significant", "Significant hazard"

    class Basis(models.TextChoices):
        LAW = "law", "Awaab's Law"
        POLICY = "policy", "Our own policy (the law does not apply here)"

    class Outcome(models.TextChoices):
        PENDING = "", "Not investigated yet"
        FOUND = "found", "Hazard found"
        NOT_FOUND = "not_found", "No hazard found"

    class AlternativeAnswer(models.TextChoices):
        NONE = "", "No offer made"
        WAITING = "waiting", "Waiting for the resident's answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    repair = models.OneToOneField("repairs.Repair", on_delete=models.PROTECT, related_name="hazard")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    hazard_type = models.ForeignKey(HazardType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    aware_at = models.DateTimeField(help_text="When any channel first received the report: day 0 of every clock.")
    basis = models.CharField(max_length=10, choices=Basis.choices)
    basis_reason = models.TextField(help_text="Why the law does or does not apply, as worked out at triage.")
    triaged_at = models.DateTimeField(default=timezone.now)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    investigation_concluded_at = models.DateTimeField(null=True, blank=True)
    investigator = models.CharField(max_length=150, blank=True)
    investigated_remotely = models.BooleanField(default=False, help_text="By photo or video.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING, blank=True)
    findings = models.TextField(blank=True)
    no_hazard_reason = models.TextField(blank=True)
    safety_works = models.TextField("relevant safety work", blank=True)
    supplementary_works = models.TextField("supplementary preventative work", blank=True)
    summary_issued_on = models.DateField(null=True, blank=True)
    summary_letter = models.FileField(upload_to="private/repairs/summaries/", blank=True)

    alternative_offered_at = models.DateTimeField(null=True, blank=True)
    alternative_details = models.TextField(blank=True)
    alternative_answer = models.CharField(max_length=10, choices=AlternativeAnswer.choices, blank=True, default="")
    alternative_answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = HazardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-aware_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.repair.reference}"

    def get_absolute_url(self):
        return self.repair.get_absolute_url()


class HazardClockQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(hazard__repair__scheme__in=Scheme.objects.visible_to(user))

    def running(self):
        return self.filter(met_at__isnull=True, stopped_at__isnull=True)

    def overdue(self, at: datetime | None = None):
        return self.running().filter(due_at__lt=at or timezone.now())


class HazardClock(models.Model):
    """One deadline of a hazard, kept as a row so reminders, My work and the figures read it directly."""

    class Step(models.TextChoices):
        EMERGENCY_ACTION = "emergency_action", "Investigate and make safe (emergency)"
        INVESTIGATE = "investigate", "Investigate"
        WRITTEN_SUMMARY = "written_summary", "Give the resident a written summary"
        SAFETY_WORK = "safety_work", "Begin the relevant safety work"
        SUPPLEMENTARY_BEGIN = "supplementary_begin", "Begin supplementary preventative work"
        SUPPLEMENTARY_START = "supplementary_start", "Physically start supplementary work"

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="clocks")
    step = models.CharField(max_length=30, choices=Step.choices)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    rule_name = models.CharField(max_length=80, help_text="The constant in repairs.rules this clock was set from.")
    met_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.TextField(blank=True, help_text="Why the clock no longer applies (decant, no hazard found).")

    objects = HazardClockQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["hazard", "step"], name="hazard_clock_once_per_step")]
        indexes = [models.Index(fields=["met_at", "stopped_at", "due_at"])]

    def __str__(self):
        return f"{self.get_step_display()} by {timezone.localtime(self.due_at):%d %b %Y %H:%M}"

    def get_absolute_url(self):
        return self.hazard.repair.get_absolute_url()

    @property
    def is_running(self) -> bool:
        return self.met_at is None and self.stopped_at is None

    def was_met(self) -> bool | None:
        """True or False once met; None while running or stopped."""
        return None if self.met_at is None else self.met_at <= self.due_at


class AccessAttempt(models.Model):
    """Every try to reach the resident or get in (the guidance expects at least three, by different methods)."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        VISIT = "visit", "Visit to the door"

    repair = models.ForeignKey("repairs.Repair", on_delete=models.PROTECT, related_name="access_attempts")
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=Method.choices)
    succeeded = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["attempted_at", "pk"]

    def __str__(self):
        return f"{self.get_method_display()} on {timezone.localtime(self.attempted_at):%d %b %Y %H:%M}"


class EntryNotice(models.Model):
    """Written notice of entry, at least 24 hours ahead (SI 2025/1042 reg 20)."""

    repair = models.ForeignKey("repairs.Repair", on_delete=models.PROTECT, related_name="entry_notices")
    given_at = models.DateTimeField()
    entry_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=AccessAttempt.Method.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["given_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(entry_at__gt=models.F("given_at")), name="entry_after_notice")
        ]

    def __str__(self):
        return f"Notice of entry for {timezone.localtime(self.entry_at):%d %b %Y %H:%M}"


class ControlDelay(models.Model):
    """Something outside the landlord's control that held up the work, recorded against the clock: it
    supports the "all reasonable endeavours" defence (Landlord and Tenant Act 1985 s10A(5))."""

    class Kind(models.TextChoices):
        NO_ACCESS = "no_access", "No access"
        PARTS = "parts", "Waiting for parts"
        SPECIALIST = "specialist", "Specialist survey needed"
        CONSENT = "consent", "Someone else's consent needed"
        OTHER = "other", "Other"

    repair = models.ForeignKey("repairs.Repair", on_delete=models.PROTECT, related_name="control_delays")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    details = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="control_delay_ends_after_start",
            )
        ]

    def __str__(self):
        return self.get_kind_display()
