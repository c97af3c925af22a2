"""Contractors, works orders and the annual repairs budgets they are paid from."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tenancies.models import Scheme


class Contractor(models.Model):
    name = models.CharField(max_length=150, unique=True)
    trades = models.JSONField(default=list, blank=True, help_text="Repair categories they take on.")
    contact_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    target_within_target_pct = models.DecimalField(
        "their target: % of jobs within target", max_digits=5, decimal_places=1, default=95
    )
    insurance_expires_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("repairs:contractor_detail", args=[self.pk])

    def insurance_current(self, on: date | None = None) -> bool:
        return self.insurance_expires_on is not None and self.insurance_expires_on >= (on or timezone.localdate())


class BudgetCode(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


def financial_year_of(day: date) -> int:
    """The UK financial year a day falls in, named by the year it starts (1 April 2026 to 31 March 2027 is 2026)."""
    return day.year if day.month >= 4 else day.year - 1


class RepairsBudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class RepairsBudget(models.Model):
    """One scheme's budget for one code and financial year. `committed` (open orders' estimates) and `spent`
    (completed costs) are kept in the same transaction as the order or completion that changes them, so
    the budget pages never add up the repairs."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="repairs_budgets")
    budget_code = models.ForeignKey(BudgetCode, on_delete=models.PROTECT, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2026 means 2026 to 2027.")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    committed = models.DecimalField(max_digits=12, decimal_places=2, default=0, editable=False)
    spent = models.DecimalField(max_digits=12, decimal_places=2, default=0, editable=False)

    objects = RepairsBudgetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "scheme__name", "budget_code__code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "budget_code", "financial_year"], name="budget_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.scheme} {self.budget_code.code} {self.financial_year}/{(self.financial_year + 1) % 100:02d}"

    def get_absolute_url(self):
        return reverse("repairs:budget_detail", args=[self.pk])

    @property
    def remaining(self):
        return self.amount - self.committed - self.spent


class WorksOrderQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(repair__scheme__in=Scheme.objects.visible_to(user))

    def open(self):
        return self.filter(closed_at__isnull=True)


class WorksOrder(models.Model):
    """An instruction to a contractor (or the in-house team) to do a repair, at an estimated cost
    committed against a budget."""

    repair = models.ForeignKey("repairs.Repair", on_delete=models.PROTECT, related_name="works_orders")
    number = models.CharField(max_length=30, unique=True)
    contractor = models.ForeignKey(
        Contractor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="works_orders",
        help_text="Leave empty for the in-house team.",
    )
    budget = models.ForeignKey(RepairsBudget, null=True, blank=True, on_delete=models.PROTECT, related_name="orders")
    estimated_cost = models.DecimalField(max_digits=10, decimal_places=2)
    instructions = models.TextField(blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    over_budget_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    over_budget_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="private/repairs/orders/", blank=True)

    objects = WorksOrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        permissions = [("approve_over_budget", "Can approve a works order that takes a budget over")]
        constraints = [
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="order_cost_not_negative"),
        ]

    def __str__(self):
        return f"Works order {self.number}"

    def get_absolute_url(self):
        return self.repair.get_absolute_url()

    @property
    def in_house(self) -> bool:
        return self.contractor_id is None
