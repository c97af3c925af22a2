"""Licences and tenancies, from sign-up to move-on."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from people.models import Person

from ..rules import ASSURED_SHORTHOLD_ABOLISHED
from .stock import Scheme, Unit


def money_field(**kwargs):
    return models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(0)], **kwargs
    )


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__property__scheme__in=Scheme.objects.visible_to(user))

    def current(self, on: date):
        """Agreements that hold the unit on `on` (an offer holds it from its start date)."""
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))

    def pending_offers(self, on: date):
        """Offers made but not yet started on `on`: the unit is promised to someone."""
        return self.filter(status="offered", start_date__gt=on)

    def overlapping(self, *, unit, start: date, end: date | None):
        """Agreements on `unit` whose dates meet [start, end] (end None = open-ended)."""
        query = self.filter(unit=unit).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            query = query.filter(start_date__lte=end)
        return query

    def checklist_incomplete(self):
        return self.exclude(status=Agreement.Status.ENDED).filter(checklist_completed_on__isnull=True)


class Agreement(models.Model):
    """A licence or tenancy: one resident, one unit, from sign-up to move-on."""

    class Kind(models.TextChoices):
        LICENCE = "licence", "Licence"
        ASSURED_PERIODIC = "assured_periodic", "Assured periodic tenancy"
        ASSURED_SHORTHOLD = "assured_shorthold", "Assured shorthold tenancy (made before 1 May 2026)"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        ACTIVE = "active", "Active"
        NOTICE_SERVED = "notice_served", "Notice served"
        ENDED = "ended", "Ended"

    class EndReason(models.TextChoices):
        PLANNED_MOVE_ON = "planned_move_on", "Planned move-on"
        TRANSFER = "transfer", "Transfer"
        EVICTION = "eviction", "Eviction"
        ABANDONMENT = "abandonment", "Abandonment"
        HOSPITAL = "hospital", "Hospital"
        CUSTODY = "custody", "Custody"
        DEATH = "death", "Death"
        OFFER_NOT_TAKEN = "offer_not_taken", "Offer not taken up"
        OTHER = "other", "Other"

    CHECKLIST = ["id_seen", "agreement_signed", "hb_claim_made", "induction_done", "keys_issued"]

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agreements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField("agreement type", max_length=30, choices=Kind.choices, default=Kind.LICENCE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFERED)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    positive_move_on = models.BooleanField(
        null=True, blank=True, help_text="Did they move on to somewhere settled and right for them?"
    )
    move_on_destination = models.CharField(max_length=200, blank=True)
    # Weekly charges agreed at sign-up. The rents module keeps the dated charge history.
    weekly_rent = money_field()
    weekly_service_charge = money_field(help_text="Eligible for Housing Benefit.")
    weekly_personal_charge = money_field(help_text="Heating, lighting, meals: the resident pays.")
    weekly_support_charge = money_field()
    # Sign-up checklist
    id_seen = models.BooleanField("ID seen", default=False)
    agreement_signed = models.BooleanField(default=False)
    hb_claim_made = models.BooleanField("Housing Benefit claim made", default=False)
    induction_done = models.BooleanField(default=False)
    keys_issued = models.BooleanField(default=False)
    checklist_completed_on = models.DateField(null=True, blank=True, editable=False)
    rent_account = models.OneToOneField(
        "rents.RentAccount", null=True, blank=True, on_delete=models.PROTECT, related_name="agreement"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(kind="assured_shorthold") | Q(start_date__lt=ASSURED_SHORTHOLD_ABOLISHED),
                name="agreement_no_new_assured_shorthold",
            ),
        ]
        # PostgreSQL also has an exclusion constraint (migration 0002) so that no unit ever
        # holds two agreements whose dates overlap, even under concurrent sign-ups.

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person} at {self.unit}"

    def get_absolute_url(self):
        return reverse("tenancies:agreement_detail", args=[self.pk])

    @property
    def weekly_total(self) -> Decimal:
        return self.weekly_rent + self.weekly_service_charge + self.weekly_personal_charge + self.weekly_support_charge

    @property
    def checklist_done(self) -> bool:
        return all(getattr(self, item) for item in self.CHECKLIST)

    @property
    def is_licence(self) -> bool:
        return self.kind == self.Kind.LICENCE
