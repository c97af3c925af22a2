"""Incentives paid to help a household into a private rented home, the approval above the limit, the
financial year's budget, and what is recovered if the tenancy fails early."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casework.models import Case


def financial_year_of(day: date) -> int:
    """The UK financial year a day falls in, named by the year it starts (1 April 2026 to 31 March 2027 is 2026)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


class IncentiveBudget(models.Model):
    financial_year = models.PositiveSmallIntegerField(unique=True, help_text="The year it starts: 2026 for 2026/27.")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year"]
        verbose_name = "incentive budget"

    def __str__(self):
        return f"Incentive budget {financial_year_label(self.financial_year)}"


class IncentiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not (user.is_authenticated and user.has_perm("moveon.view_incentive")):
            return self.none()
        return self.filter(offer__case__in=Case.objects.visible_to(user))

    def waiting_for_approval(self):
        return self.filter(needs_approval=True, approved_at__isnull=True, paid_on__isnull=True, cancelled=False)

    def committed(self):
        """Approved or paid, and not cancelled: what counts against a budget."""
        return self.filter(cancelled=False).filter(Q(paid_on__isnull=False) | Q(approved_at__isnull=False))


class Incentive(models.Model):
    class Kind(models.TextChoices):
        RENT_IN_ADVANCE = "rent_in_advance", "Rent in advance"
        DEPOSIT = "deposit", "Deposit or bond"
        LANDLORD = "landlord", "Landlord incentive payment"
        REMOVALS = "removals", "Removal costs"
        FURNITURE = "furniture", "Furniture"

    offer = models.ForeignKey("moveon.Offer", on_delete=models.PROTECT, related_name="incentives")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    needs_approval = models.BooleanField(default=False, help_text="Above the approval limit when requested.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    recover_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    recovered_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()
    objects = IncentiveQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        permissions = [("approve_incentive", "Can approve an incentive above the limit")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="moveon_incentive_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} £{self.amount}"

    def get_absolute_url(self):
        return self.offer.get_absolute_url() + f"#incentive-{self.pk}"

    @property
    def status(self) -> str:
        if self.cancelled:
            return "Cancelled"
        if self.paid_on:
            return f"Paid {self.paid_on:%-d %b %Y}"
        if self.needs_approval and not self.approved_at:
            return "Waiting for a team leader's approval"
        return "Approved, not yet paid" if self.approved_at else "Not yet paid"
