"""Temporary accommodation placements (s188 interim, s193 main duty), each with its own rent account."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .. import rules
from .cases import FAMILY_MEMBER, Case, HouseholdMember


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


@dataclass(frozen=True)
class BedAndBreakfastClock:
    """A household's bed and breakfast nights under one application, across all its placements.

    The Homelessness (Suitability of Accommodation) (England) Order 2003 (SI 2003/3326) art 4(1)(b)
    makes B&B unsuitable for a household with dependent children or a pregnant member "for a period,
    or a total of periods, exceeding 6 weeks": the limit is the total of the nights, not each
    placement's own six weeks, and the breach starts on the first night beyond six weeks (night 43).
    A night is dated by its evening, and `ended_on` is the last night (as the end form asks, and as
    `current()` and the rent account's charging read it): a placement from 1 to 3 March is 3 nights.
    """

    nights: int  # B&B nights before `on`
    limit: int
    in_bed_and_breakfast: bool  # tonight too
    breach_from: date | None  # the first night beyond the limit: past, or projected if they stay

    @property
    def nights_left(self) -> int:
        return max(self.limit - self.nights, 0)

    def in_breach(self, on: date) -> bool:
        return self.breach_from is not None and self.breach_from <= on


def bed_and_breakfast_clock(placements, on: date) -> BedAndBreakfastClock:
    """The clock from a case's placements (any iterable, so a prefetch serves a whole caseload)."""
    limit = rules.BED_AND_BREAKFAST_LIMIT.days
    nights, breach_from, tonight = 0, None, False
    spans = sorted((p.started_on, p.ended_on) for p in placements if p.kind == Placement.Kind.BED_AND_BREAKFAST)
    for started, ended in spans:
        last_night = min(ended, on - timedelta(days=1)) if ended else on - timedelta(days=1)
        count = max((last_night - started).days + 1, 0)
        if breach_from is None and nights + count > limit:
            breach_from = started + timedelta(days=limit - nights)
        nights += count
        tonight = tonight or (started <= on and (ended is None or ended >= on))
    if breach_from is None and tonight:
        breach_from = on + timedelta(days=limit - nights)
    return BedAndBreakfastClock(nights=nights, limit=limit, in_bed_and_breakfast=tonight, breach_from=breach_from)


def families_in_bed_and_breakfast(on):
    """Open cases with children or a pregnancy in the household and a B&B placement tonight, with their
    placements prefetched: two queries however many."""
    family = HouseholdMember.objects.filter(FAMILY_MEMBER, case=OuterRef("pk"))
    tonight = Placement.objects.current(on).filter(case=OuterRef("pk"), kind=Placement.Kind.BED_AND_BREAKFAST)
    return (
        Case.objects.filter(status=Case.Status.OPEN)
        .filter(Exists(family), Exists(tonight))
        .select_related("person", "officer", "team__leader")
        .prefetch_related(Prefetch("placements", queryset=Placement.objects.order_by("started_on")))
    )
