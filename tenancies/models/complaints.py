"""Complaints under the Housing Ombudsman's Complaint Handling Code."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from people.models import Person

from .stock import Scheme


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))

    def open(self):
        return self.filter(closed_on__isnull=True)


class Complaint(models.Model):
    class Stage(models.IntegerChoices):
        ONE = 1, "Stage 1"
        TWO = 2, "Stage 2"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="complaints")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints")
    complainant_name = models.CharField(max_length=150, blank=True, help_text="If not a resident.")
    received_on = models.DateField()
    summary = models.TextField()
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.ONE)
    stage1_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage1_acknowledged_on = models.DateField(null=True, blank=True)
    stage1_extended_to = models.DateField(null=True, blank=True)
    stage1_extension_reason = models.TextField(blank=True)
    stage1_responded_on = models.DateField(null=True, blank=True)
    stage1_response = models.TextField(blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    stage2_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage2_acknowledged_on = models.DateField(null=True, blank=True)
    stage2_extended_to = models.DateField(null=True, blank=True)
    stage2_extension_reason = models.TextField(blank=True)
    stage2_responded_on = models.DateField(null=True, blank=True)
    stage2_response = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ComplaintQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage2_handler__isnull=True)
                | Q(stage1_handler__isnull=True)
                | ~Q(stage2_handler=models.F("stage1_handler")),
                name="complaint_stage2_by_someone_else",
            )
        ]
        # The regulator's figures (CH01, CH02) count a period's complaints: each by its own date.
        indexes = [
            models.Index(fields=["received_on"], name="complaint_received_idx"),
            models.Index(fields=["escalated_on"], name="complaint_escalated_idx"),
            models.Index(fields=["stage1_responded_on"], name="complaint_stage1_answered_idx"),
            models.Index(fields=["stage2_responded_on"], name="complaint_stage2_answered_idx"),
        ]

    def __str__(self):
        return f"Complaint received {self.received_on:%d %b %Y} ({self.get_stage_display()})"

    def get_absolute_url(self):
        return reverse("tenancies:complaint_detail", args=[self.pk])
