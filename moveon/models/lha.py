"""Local Housing Allowance rates, kept by administrators: one weekly rate per broad rental market area,
category and date it takes effect. The rate in force on a day is the latest that took effect on or before it."""

from datetime import date

from django.db import models


class BroadRentalMarketArea(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "broad rental market area"

    def __str__(self):
        return self.name


class LHARateQuerySet(models.QuerySet):
    def in_force(self, *, brma, category: str, on: date):
        return self.filter(brma=brma, category=category, valid_from__lte=on).order_by("-valid_from").first()


class LHARate(models.Model):
    class Category(models.TextChoices):
        SHARED = "shared", "Shared accommodation"
        ONE = "1", "1 bedroom"
        TWO = "2", "2 bedrooms"
        THREE = "3", "3 bedrooms"
        FOUR = "4", "4 bedrooms"

    brma = models.ForeignKey(
        BroadRentalMarketArea, on_delete=models.PROTECT, related_name="rates", verbose_name="broad rental market area"
    )
    category = models.CharField(max_length=10, choices=Category.choices)
    weekly_rate = models.DecimalField(max_digits=8, decimal_places=2)
    valid_from = models.DateField()

    objects = LHARateQuerySet.as_manager()

    class Meta:
        ordering = ["brma", "category", "-valid_from"]
        verbose_name = "LHA rate"
        constraints = [
            models.UniqueConstraint(fields=["brma", "category", "valid_from"], name="moveon_one_lha_rate_per_day"),
            models.CheckConstraint(condition=models.Q(weekly_rate__gt=0), name="moveon_lha_rate_positive"),
        ]

    def __str__(self):
        return f"{self.brma} {self.get_category_display()} £{self.weekly_rate} from {self.valid_from:%d %b %Y}"
