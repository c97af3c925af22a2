"""Repairs: reported by anyone, for a unit or a communal area, to a target fixed when reported."""

from datetime import datetime, timedelta
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.clocks import Rule, end_of_day
from core.clocks import Unit as ClockUnit
from tenancies.models import Scheme


class RepairPriority(models.Model):
    """A priority and its target, kept by admins (the defaults are `repairs.rules.REPAIR_TARGETS`)."""

    class TargetUnit(models.TextChoices):
        HOURS = ClockUnit.HOURS.value, "Hours"
        CALENDAR_DAYS = ClockUnit.CALENDAR_DAYS.value, "Calendar days"
        WORKING_DAYS = ClockUnit.WORKING_DAYS.value, "Working days"

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60, unique=True)
    target_amount = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="How many hours or days; at least 1."
    )
    target_unit = models.CharField(max_length=20, choices=TargetUnit.choices)
    is_emergency = models.BooleanField(
        default=False, help_text="Counts as an emergency repair in the regulator's RP02 measure."
    )
    description = models.CharField(max_length=200, blank=True, help_text='For example "Make safe within 24 hours".')
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "repair priorities"

    def __str__(self):
        return self.name

    @property
    def rule(self) -> Rule:
        return Rule(self.target_amount, ClockUnit(self.target_unit), source="Hearth repairs policy (set in admin)")

    def target_for(self, reported_at: datetime) -> datetime:
        """When a repair reported at `reported_at` is due: real hours for an hours target, otherwise the
        end of the due day in London."""
        due = self.rule.due(reported_at)
        if isinstance(due, datetime):
            return due
        return end_of_day(due)


class RepairQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))

    def open(self):
        return self.filter(status__in=Repair.OPEN_STATUSES)

    def overdue(self, at: datetime | None = None):
        return self.open().filter(target_due_at__lt=at or timezone.now())

    def due_within(self, period: timedelta, at: datetime | None = None):
        at = at or timezone.now()
        return self.open().filter(target_due_at__gte=at, target_due_at__lt=at + period)


class Repair(models.Model):
    class Category(models.TextChoices):
        PLUMBING = "plumbing", "Plumbing"
        ELECTRICAL = "electrical", "Electrical"
        HEATING = "heating", "Heating and hot water"
        DAMP_MOULD = "damp_mould", "Damp and mould"
        STRUCTURAL = "structural", "Structural"
        ROOF = "roof", "Roof"
        WINDOWS_DOORS = "windows_doors", "Windows and doors"
        FIRE_SAFETY = "fire_safety", "Fire safety"
        SECURITY = "security", "Security"
        APPLIANCES = "appliances", "Appliances"
        PESTS = "pests", "Pests"
        OTHER = "other", "Other"

    class ReportedBy(models.TextChoices):
        RESIDENT = "resident", "A resident"
        WORKER = "worker", "A housing worker"
        SUPPORT_WORKER = "support_worker", "A support worker"
        INSPECTION = "inspection", "An inspection"
        COMPLAINT = "complaint", "A complaint"
        HOME_VISIT = "home_visit", "A home visit"
        CONTRACTOR = "contractor", "A contractor"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter"
        STAFF = "staff", "Seen by staff"

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        ORDERED = "ordered", "Works order raised"
        BOOKED = "booked", "Appointment booked"
        COMPLETED = "completed", "Completed"
        VERIFIED = "verified", "Verified"
        CANCELLED = "cancelled", "Cancelled"

    OPEN_STATUSES = (Status.REPORTED, Status.ORDERED, Status.BOOKED)
    DONE_STATUSES = (Status.COMPLETED, Status.VERIFIED)

    reference = models.CharField(max_length=20, unique=True, editable=False)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="repairs")
    unit = models.ForeignKey(
        "tenancies.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repairs",
        help_text="Leave empty for a communal area.",
    )
    communal_area = models.CharField(max_length=120, blank=True, help_text='For example "Shared kitchen".')
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField()
    location = models.CharField("where in the home", max_length=120, blank=True)
    priority = models.ForeignKey(RepairPriority, on_delete=models.PROTECT, related_name="repairs")
    reported_at = models.DateTimeField(
        help_text="When Hearth's organisation first heard of it, by any channel (this starts every clock)."
    )
    reported_by_kind = models.CharField("reported by", max_length=20, choices=ReportedBy.choices)
    reported_by_name = models.CharField("reporter's name", max_length=150, blank=True)
    reporting_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="repairs_reported"
    )
    channel = models.CharField("how it was reported", max_length=20, choices=Channel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    target_due_at = models.DateTimeField(editable=False, help_text="Fixed when reported; never moves.")
    target_priority = models.ForeignKey(
        RepairPriority,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="The priority the target was set from.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED)
    access_notes = models.TextField(blank=True, help_text="What the resident asked for: times, pets, someone present.")
    appointment_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_notes = models.TextField(blank=True)
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    completed_within_target = models.BooleanField(
        null=True, editable=False, help_text="Set once, when completed; kept even if the priority changes."
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    recall_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recalls",
        help_text="The earlier repair for the same fault, when it came back within 30 days.",
    )
    complaint = models.ForeignKey(
        "tenancies.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="repairs"
    )
    incident = models.ForeignKey(
        "tenancies.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="repairs"
    )
    void = models.ForeignKey("repairs.Void", null=True, blank=True, on_delete=models.PROTECT, related_name="repairs")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RepairQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "target_due_at"]),
            models.Index(fields=["scheme", "status"]),
            # The list of every repair, newest first, reads one page from here, not a sort of ten years.
            models.Index(fields=["-reported_at", "-id"], name="repair_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=models.F("reported_at")),
                name="repair_completed_after_reported",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(completed_at__isnull=False), name="repair_cost_needs_completion"
            ),
            models.CheckConstraint(condition=Q(cost__isnull=True) | Q(cost__gte=0), name="repair_cost_not_negative"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("repairs:repair_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def where(self) -> str:
        return str(self.unit) if self.unit_id else f"{self.communal_area or 'Communal area'}, {self.scheme}"

    def is_overdue(self, at: datetime | None = None) -> bool:
        return self.is_open and self.target_due_at < (at or timezone.now())


def repair_photo_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"private/repairs/{instance.repair_id}/{uuid4().hex}.{suffix}"


class RepairPhoto(models.Model):
    """A photo of the fault: checked to be an image by its content, stored privately, served through
    the repair's scope."""

    repair = models.ForeignKey(Repair, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(upload_to=repair_photo_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    caption = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"Photo of {self.repair.reference}"

    def get_absolute_url(self):
        return reverse("repairs:photo", args=[self.pk])
