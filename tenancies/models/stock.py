"""Stock: schemes, properties and units, maintained in admin with the assigned workers."""

from datetime import date

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from accounts import roles
from accounts.models import Coverage

postcode_validator = RegexValidator(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$",
    "Enter a full UK postcode, like SW1A 1AA.",
)


class SchemeQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(*roles.SEES_ALL_HOUSING):
            return self
        if user.has_role(roles.HOUSING_WORKER, roles.SUPPORT_WORKER):
            return self.filter(pk__in=Coverage.objects.object_ids(user, Scheme))
        return self.none()


class Scheme(models.Model):
    class Kind(models.TextChoices):
        SUPPORTED = "supported", "Supported housing"
        HIGH_SUPPORT = "high_support", "High support"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.SUPPORTED)
    address = models.TextField()
    postcode = models.CharField(max_length=8, validators=[postcode_validator])
    partner_landlord = models.CharField(
        max_length=150, blank=True, help_text="The housing association that owns or leases the building."
    )
    partner_contact = models.CharField(max_length=200, blank=True)
    support_provider = models.CharField(max_length=150, blank=True)
    charge_calendar = models.ForeignKey(
        "rents.ChargeCalendar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Rent-free weeks, if the scheme has any (e.g. 48 charged weeks of 52).",
    )

    class Exemption(models.TextChoices):
        """Whether the scheme is a hostel or refuge, which the electrical safety and smoke and carbon
        monoxide alarm regulations exclude (SI 2020/312 Sch 1; SI 2015/1693 Sch). Most supported housing
        is neither, so the default is that they apply."""

        NONE = "", "Neither: the electrical and alarm regulations apply"
        HOSTEL = "hostel", "Hostel"
        REFUGE = "refuge", "Refuge"

    safety_exemption = models.CharField(
        "hostel or refuge",
        max_length=10,
        choices=Exemption.choices,
        default=Exemption.NONE,
        blank=True,
        help_text="Only if the scheme is a hostel or refuge as the regulations define them; say why below.",
    )
    safety_exemption_basis = models.TextField(
        "why it is exempt",
        blank=True,
        help_text="The basis for treating the scheme as a hostel or refuge (for example, the legal advice relied on).",
    )
    coverage = GenericRelation(Coverage, related_query_name="scheme")

    objects = SchemeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tenancies:scheme_detail", args=[self.pk])

    def clean(self):
        if self.safety_exemption and not self.safety_exemption_basis.strip():
            raise ValidationError({"safety_exemption_basis": "Say why the scheme counts as a hostel or refuge."})

    @property
    def safety_regulations_apply(self) -> bool:
        """Whether the electrical safety and smoke and CO alarm regulations apply here."""
        return not self.safety_exemption


class PropertyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class Property(models.Model):
    """A building: a shared house, a block of flats or a hostel. Its height, storeys and services
    decide which fire, gas and asbestos checks it needs (compliance reads them)."""

    class Asbestos(models.TextChoices):
        UNKNOWN = "unknown", "Not known yet (presumed present until surveyed)"
        NONE = "none", "None found by survey"
        PRESENT = "present", "Present (on the asbestos register)"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="properties")
    address = models.CharField(max_length=200)
    town = models.CharField(max_length=80)
    postcode = models.CharField(max_length=8, validators=[postcode_validator])
    uprn = models.CharField("UPRN", max_length=12, blank=True, validators=[RegexValidator(r"^\d{1,12}$")])
    owner = models.CharField(max_length=150, blank=True)
    management_agreement_start = models.DateField(null=True, blank=True)
    management_agreement_end = models.DateField(null=True, blank=True)
    storeys = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(200)], help_text="Storeys above ground."
    )
    top_storey_height_m = models.DecimalField(
        "height of the top storey (metres)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The top storey's floor above ground level; over 11 m and 18 m bring extra fire checks.",
    )
    has_gas_supply = models.BooleanField("gas supply", default=True)
    has_communal_areas = models.BooleanField(
        "communal areas", default=True, help_text="Shared hallways, stairs, kitchens or lounges."
    )
    asbestos = models.CharField(max_length=10, choices=Asbestos.choices, default=Asbestos.UNKNOWN)

    objects = PropertyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme__name", "address"]
        verbose_name_plural = "properties"

    def __str__(self):
        return f"{self.address}, {self.postcode}"


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(property__scheme__in=Scheme.objects.visible_to(user))

    def with_occupancy(self, on: date | None = None):
        on = on or timezone.localdate()
        agreements = self.model._meta.get_field("agreements").related_model
        current = agreements.objects.filter(unit=OuterRef("pk")).current(on)
        offers = agreements.objects.filter(unit=OuterRef("pk")).pending_offers(on)
        return self.annotate(is_occupied=Exists(current), has_pending_offer=Exists(offers))

    def void(self, on: date | None = None):
        return self.with_occupancy(on).filter(is_occupied=False, unavailable_reason="")

    def lettable(self, on: date | None = None):
        """Void units a new resident can be signed up to: a unit holding an offer that has not started
        is still void (it counts towards void loss) but is already promised to someone."""
        return self.void(on).filter(has_pending_offer=False)


class Unit(models.Model):
    """A bed-space or flat that one agreement at a time can occupy."""

    class Kind(models.TextChoices):
        ROOM = "room", "Room in a shared house"
        FLAT = "flat", "Self-contained flat"
        BEDSIT = "bedsit", "Bedsit"

    class Status(models.TextChoices):
        OCCUPIED = "occupied", "Occupied"
        VOID = "void", "Void"
        OFFER_PENDING = "offer_pending", "Offer pending"
        UNAVAILABLE = "unavailable", "Unavailable"

    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="units")
    label = models.CharField(max_length=60, help_text='For example "Room 3" or "Flat 2".')
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.ROOM)
    accessibility_features = models.TextField(blank=True)
    unavailable_reason = models.CharField(
        max_length=200, blank=True, help_text="Fill in only when the unit cannot be let (e.g. major works)."
    )

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["property__address", "label"]
        constraints = [models.UniqueConstraint(fields=["property", "label"], name="unit_label_unique_per_property")]

    def __str__(self):
        return f"{self.label}, {self.property.address}"

    def get_absolute_url(self):
        return reverse("tenancies:unit_detail", args=[self.pk])

    @cached_property
    def scheme(self) -> Scheme:
        return self.property.scheme

    def status(self, on: date | None = None) -> str:
        occupied = getattr(self, "is_occupied", None)
        if occupied is None:
            occupied = self.agreements.current(on or timezone.localdate()).exists()
        if occupied:
            return self.Status.OCCUPIED
        if self.unavailable_reason:
            return self.Status.UNAVAILABLE
        pending = getattr(self, "has_pending_offer", None)
        if pending is None:
            pending = self.agreements.filter(status="offered", start_date__gt=on or timezone.localdate()).exists()
        return self.Status.OFFER_PENDING if pending else self.Status.VOID

    def get_status_display(self) -> str:
        return self.Status(self.status()).label
