"""Temporary accommodation placements (s188 interim, s193 main duty), each with its own rent account."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .. import rules
from .cases import Case


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class Placement(models.Model):
    class Kind(models.TextChoices):
        BED_AND_BREAKFAST = "bed_and_breakfast", "Bed and breakfast"
        HOSTEL = "hostel", "Hostel"
        NIGHTLY_PAID = "nightly_paid", "Nightly paid, privately managed, self-contained"
        PRIVATE_LEASED = "private_leased", "Private sector accommodation leased by the council"
        COUNCIL_STOCK = "council_stock", "Council or housing association home"
        REFUGE = "refuge", "Refuge"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="placements")
    duty = models.ForeignKey(
        "casework.Duty", on_delete=models.PROTECT, related_name="placements", help_text="The duty it is provided under."
    )
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    address = models.TextField()
    provider = models.CharField(max_length=200, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_note = models.TextField(blank=True)
    weekly_charge = models.DecimalField(max_digits=9, decimal_places=2)
    rent_account = models.OneToOneField(
        "rents.RentAccount", on_delete=models.PROTECT, related_name="placement", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(weekly_charge__gte=0), name="placement_charge_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.started_on:%-d %B %Y}"

    def bed_and_breakfast_deadline(self) -> date | None:
        """For a household with children or a pregnancy: the last day a B&B placement may last (6 weeks)."""
        if self.kind != self.Kind.BED_AND_BREAKFAST or not self.case.has_children_or_pregnancy:
            return None
        return rules.BED_AND_BREAKFAST_LIMIT.due(self.started_on)
