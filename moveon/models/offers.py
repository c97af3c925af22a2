"""Private rented homes offered to a household, the viewings, and how each offer ended. The LHA rate, the
household's bedroom need and their income are kept as they stood when the offer was recorded, so the
affordability shown later is the one the decision was made on."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from casework.models import Case

from .. import rules


class MoveOnSettings(models.Model):
    """One row, kept by administrators: the affordability threshold and the incentive approval limit."""

    affordability_share = models.DecimalField(
        "rent as a share of income above which a home is unaffordable",
        max_digits=4,
        decimal_places=2,
        default=rules.AFFORDABILITY_SHARE_OF_INCOME,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text="For example 0.35 for 35%.",
    )
    incentive_approval_limit = models.DecimalField(
        "incentives above this amount need a team leader's approval",
        max_digits=10,
        decimal_places=2,
        default=Decimal("500.00"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "move-on settings"
        verbose_name_plural = "move-on settings"

    def __str__(self):
        return "Move-on settings"

    @classmethod
    def current(cls) -> "MoveOnSettings":
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls()


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An offer is visible with its case."""
        if not (user.is_authenticated and user.has_perm("moveon.view_offer")):
            return self.none()
        return self.filter(case__in=Case.objects.visible_to(user))


class Offer(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused by the household"
        WITHDRAWN = "withdrawn", "Withdrawn by the landlord"
        UNSUITABLE = "unsuitable", "Unsuitable"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="moveon_offers")
    home = models.ForeignKey(
        "moveon.LandlordProperty", on_delete=models.PROTECT, related_name="offers", null=True, blank=True
    )
    landlord = models.ForeignKey(
        "moveon.Landlord", on_delete=models.PROTECT, related_name="offers", null=True, blank=True
    )
    address = models.TextField(blank=True, help_text="The address, when the home is not in the directory.")
    offered_on = models.DateField(default=timezone.localdate)
    weekly_rent = models.DecimalField(max_digits=8, decimal_places=2)
    bedrooms = models.PositiveSmallIntegerField()
    brma = models.ForeignKey(
        "moveon.BroadRentalMarketArea", on_delete=models.PROTECT, related_name="offers", null=True, blank=True
    )
    weekly_income = models.DecimalField(max_digits=8, decimal_places=2)
    # As they stood when the offer was recorded:
    bedrooms_needed = models.PositiveSmallIntegerField()
    lha_category = models.CharField(max_length=10)
    lha_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    affordability_share = models.DecimalField(max_digits=4, decimal_places=2)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekly_rent__gt=0), name="moveon_offer_rent_positive"),
        ]

    def __str__(self):
        return f"Offer of {self.place}"

    def get_absolute_url(self):
        return reverse("moveon:offer_detail", args=[self.pk])

    @property
    def place(self) -> str:
        if self.home_id:
            return str(self.home)
        return self.address.splitlines()[0] if self.address else "a home"


class Viewing(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="viewings")
    on = models.DateField()
    attended = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"Viewing on {self.on:%d %b %Y}"
