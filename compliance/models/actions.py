"""Follow-up actions: every finding of a check becomes one, and none closes without evidence."""

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.clocks import Rule
from core.clocks import Unit as ClockUnit
from tenancies.models import Scheme


class ActionPriority(models.Model):
    """How soon an action must be done (fire risk assessment priorities by default; admins edit them)."""

    class DueUnit(models.TextChoices):
        CALENDAR_DAYS = ClockUnit.CALENDAR_DAYS.value, "Days"
        WEEKS = ClockUnit.WEEKS.value, "Weeks"
        MONTHS = ClockUnit.MONTHS.value, "Months"

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60, unique=True)
    due_amount = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    due_unit = models.CharField(max_length=20, choices=DueUnit.choices)
    source = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "action priorities"

    def __str__(self):
        return self.name

    @property
    def rule(self) -> Rule:
        return Rule(self.due_amount, ClockUnit(self.due_unit), source=self.source or "Hearth compliance policy")


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(check_record__schedule__scheme__in=Scheme.objects.visible_to(user))

    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, on: date | None = None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


def evidence_path(action, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/compliance/evidence/{uuid4().hex}.{suffix}"


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done (evidence kept)"
        OVERRIDDEN = "overridden", "Closed by a manager"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    check_record = models.ForeignKey("compliance.CheckRecord", on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    priority = models.ForeignKey(ActionPriority, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(help_text="Fixed from the priority when the action is made.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="compliance_actions"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    repair = models.OneToOneField(
        "repairs.Repair", null=True, blank=True, on_delete=models.PROTECT, related_name="compliance_action"
    )
    evidence_notes = models.TextField(blank=True)
    evidence = models.FileField(upload_to=evidence_path, blank=True)
    evidence_type = models.CharField(max_length=40, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        permissions = [("override_action", "Close a compliance action without evidence, with a reason")]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("compliance:action_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def schedule(self):
        return self.check_record.schedule
