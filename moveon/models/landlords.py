"""The directory of private landlords and letting agents, the homes they offer, and the safety and deposit
documents an officer has seen for each home."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class LandlordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The directory is shared by the whole prevention service: anyone whose role may view it sees it all."""
        if user.is_authenticated and user.has_perm("moveon.view_landlord"):
            return self
        return self.none()


class Landlord(models.Model):
    class Kind(models.TextChoices):
        LANDLORD = "landlord", "Landlord"
        AGENT = "agent", "Letting agent"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LANDLORD)
    name = models.CharField(max_length=150)
    contact_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()
    objects = LandlordQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("moveon:landlord_detail", args=[self.pk])


class LandlordPropertyQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.has_perm("moveon.view_landlordproperty"):
            return self
        return self.none()


class LandlordProperty(models.Model):
    landlord = models.ForeignKey(Landlord, on_delete=models.PROTECT, related_name="properties")
    address = models.TextField()
    postcode = models.CharField(max_length=10, blank=True)
    bedrooms = models.PositiveSmallIntegerField(help_text="0 for a studio or a room in a shared house.")
    weekly_rent = models.DecimalField(max_digits=8, decimal_places=2)
    brma = models.ForeignKey(
        "moveon.BroadRentalMarketArea",
        on_delete=models.PROTECT,
        related_name="properties",
        null=True,
        blank=True,
        verbose_name="broad rental market area",
    )
    shared = models.BooleanField(default=False, help_text="A room in a shared house (shared facilities).")
    active = models.BooleanField(default=True)

    history = HistoricalRecords()
    objects = LandlordPropertyQuerySet.as_manager()

    class Meta:
        ordering = ["landlord", "address", "pk"]
        verbose_name_plural = "landlord properties"

    def __str__(self):
        return self.address.splitlines()[0] if self.address else f"Property {self.pk}"

    def get_absolute_url(self):
        return reverse("moveon:property_detail", args=[self.pk])


class PropertyDocument(models.Model):
    class Kind(models.TextChoices):
        GAS = "gas", "Gas safety record"
        EICR = "eicr", "Electrical installation condition report (EICR)"
        EPC = "epc", "Energy performance certificate (EPC)"
        DEPOSIT = "deposit", "Deposit protection certificate"

    property = models.ForeignKey(LandlordProperty, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    seen_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    seen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-seen_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} seen {self.seen_on:%d %b %Y}"

    def expired(self, on: date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (on or timezone.localdate())
