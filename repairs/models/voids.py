"""Voids: from the day a unit empties (or is taken out of use) to the day the next agreement starts."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tenancies.models import Scheme


class VoidQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__property__scheme__in=Scheme.objects.visible_to(user))

    def open(self):
        return self.filter(let_on__isnull=True, closed_at__isnull=True)


class Void(models.Model):
    class Reason(models.TextChoices):
        AGREEMENT_ENDED = "agreement_ended", "The agreement ended"
        MAJOR_WORKS = "major_works", "Out of use for major works"
        UNSAFE = "unsafe", "Out of use: unsafe"
        DECANT = "decant", "Held for a decant"
        OTHER = "other", "Other"

    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard void"
        MAJOR_WORKS = "major_works", "Major works void"

    class Stage(models.TextChoices):
        AWAITING_KEYS = "awaiting_keys", "Waiting for the keys"
        AWAITING_INSPECTION = "awaiting_inspection", "Waiting for inspection"
        AWAITING_WORKS = "awaiting_works", "Works to order"
        WORKS_IN_PROGRESS = "works_in_progress", "Works in progress"
        READY_TO_LET = "ready_to_let", "Ready to let"
        OFFERED = "offered", "Offered"
        LET = "let", "Let"
        CLOSED = "closed", "Closed"

    unit = models.ForeignKey("tenancies.Unit", on_delete=models.PROTECT, related_name="voids")
    ended_agreement = models.OneToOneField(
        "tenancies.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="void_after"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    reason_details = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    weekly_charge = models.DecimalField(
        max_digits=8, decimal_places=2, help_text="The weekly rent and service charge lost while the unit is empty."
    )
    started_on = models.DateField()
    keys_back_on = models.DateField(null=True, blank=True)
    inspected_on = models.DateField(null=True, blank=True)
    works_ordered_on = models.DateField(null=True, blank=True)
    works_completed_on = models.DateField(null=True, blank=True)
    ready_to_let_on = models.DateField(null=True, blank=True)
    new_agreement = models.OneToOneField(
        "tenancies.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="void_before"
    )
    let_on = models.DateField(null=True, blank=True, help_text="The new agreement's start date.")
    closed_at = models.DateTimeField(null=True, blank=True, help_text="Closed without a letting (unit disposed of).")
    close_reason = models.TextField(blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = VoidQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(let_on__isnull=True, closed_at__isnull=True), name="one_open_void_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(let_on__isnull=True) | Q(let_on__gte=models.F("started_on")), name="void_let_after_start"
            ),
            models.CheckConstraint(condition=Q(weekly_charge__gte=0), name="void_charge_not_negative"),
        ]

    def __str__(self):
        return f"Void: {self.unit} from {self.started_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("repairs:void_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.let_on is None and self.closed_at is None

    @property
    def stage(self) -> str:
        if self.closed_at:
            return self.Stage.CLOSED
        if self.let_on:
            return self.Stage.LET
        if self.new_agreement_id:
            return self.Stage.OFFERED
        if self.ready_to_let_on:
            return self.Stage.READY_TO_LET
        if self.works_ordered_on and not self.works_completed_on:
            return self.Stage.WORKS_IN_PROGRESS
        if self.inspected_on and not self.works_completed_on:
            return self.Stage.AWAITING_WORKS
        if self.keys_back_on or self.reason != self.Reason.AGREEMENT_ENDED:
            return self.Stage.AWAITING_INSPECTION
        return self.Stage.AWAITING_KEYS

    def get_stage_display(self) -> str:
        return self.Stage(self.stage).label

    def days_void(self, on: date | None = None) -> int:
        """Calendar days from the void's start to the new agreement's start (or to `on`, while open)."""
        end = (
            self.let_on or (self.closed_at and timezone.localtime(self.closed_at).date()) or on or timezone.localdate()
        )
        return max((end - self.started_on).days, 0)

    def loss(self, on: date | None = None) -> Decimal:
        """The weekly charge forgone, pro rata by day."""
        return (self.weekly_charge * self.days_void(on) / 7).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class VoidCheck(models.Model):
    """One item of the void checklist. Safety items must pass before the unit can be let."""

    class Item(models.TextChoices):
        CLEAN = "clean", "Cleaned"
        FURNITURE = "furniture", "Furniture in place and safe"
        DECORATION = "decoration", "Decoration"
        GAS = "gas", "Gas safety check current"
        ELECTRICAL = "electrical", "Electrical check current"
        SMOKE_ALARM = "smoke_alarm", "Smoke alarm tested"
        CO_ALARM = "co_alarm", "Carbon monoxide alarm tested"
        KEYS = "keys", "Locks changed and keys ready"

    SAFETY_ITEMS = (Item.GAS, Item.ELECTRICAL, Item.SMOKE_ALARM, Item.CO_ALARM)

    class Result(models.TextChoices):
        PASS = "pass", "Done / passed"
        FAIL = "fail", "Failed"
        NOT_APPLICABLE = "not_applicable", "Not needed here"

    void = models.ForeignKey(Void, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(max_length=20, choices=Item.choices)
    result = models.CharField(max_length=20, choices=Result.choices)
    checked_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["item"]
        constraints = [models.UniqueConstraint(fields=["void", "item"], name="void_check_once_per_item")]

    def __str__(self):
        return f"{self.get_item_display()}: {self.get_result_display()}"

    @property
    def is_safety_item(self) -> bool:
        return self.item in self.SAFETY_ITEMS
