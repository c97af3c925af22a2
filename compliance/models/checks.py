"""Check types, assets, the schedule of which checks apply where, and the records of checks done."""

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.clocks import Rule
from core.clocks import Unit as ClockUnit
from tenancies.models import Scheme


class CheckType(models.Model):
    """A kind of safety check and its rule (the defaults are seeded from `compliance.rules`)."""

    class AppliesTo(models.TextChoices):
        SCHEME = "scheme", "Scheme"
        BUILDING = "building", "Building"
        UNIT = "unit", "Unit (home)"
        ASSET = "asset", "Asset"

    class RecordedBy(models.TextChoices):
        CERTIFICATE = "certificate", "Contractor's certificate"
        STAFF = "staff", "Staff check"

    class FrequencyUnit(models.TextChoices):
        WEEKS = ClockUnit.WEEKS.value, "Weeks"
        MONTHS = ClockUnit.MONTHS.value, "Months"
        CALENDAR_DAYS = ClockUnit.CALENDAR_DAYS.value, "Days"

    class Condition(models.TextChoices):
        """Which stock a check applies to when schedules are made from the stock's attributes."""

        ALWAYS = "always", "Every one"
        GAS_SUPPLY = "gas_supply", "Buildings with a gas supply"
        COMMUNAL_AREAS = "communal_areas", "Buildings with communal areas"
        ABOVE_11M = "above_11m", "Buildings whose top storey is above 11 m"
        HIGH_RISE = "high_rise", "High-rise buildings (18 m or 7 storeys)"
        ASBESTOS_PRESENT = "asbestos_present", "Buildings with asbestos present"
        SAFETY_REGULATIONS = "safety_regulations", "Schemes that are not hostels or refuges"
        VOID = "void", "Units while they are void"

    class Measure(models.TextChoices):
        NONE = "", "None"
        BS01 = "BS01", "BS01 gas safety"
        BS02 = "BS02", "BS02 fire risk assessment"
        BS03 = "BS03", "BS03 asbestos"
        BS04 = "BS04", "BS04 legionella"
        BS05 = "BS05", "BS05 communal passenger lifts"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    applies_to = models.CharField(max_length=10, choices=AppliesTo.choices)
    asset_kind = models.CharField(
        max_length=30, blank=True, help_text="For checks of an asset: which kind of asset (a lift, a water system)."
    )
    condition = models.CharField(max_length=30, choices=Condition.choices, default=Condition.ALWAYS)
    frequency_amount = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty for a check done once (a survey), then again only when something changes.",
    )
    frequency_unit = models.CharField(max_length=20, choices=FrequencyUnit.choices, default=FrequencyUnit.MONTHS)
    early_window_months = models.PositiveSmallIntegerField(
        default=0,
        help_text="A check done this many months before its deadline keeps the anniversary (gas: 2, reg 36A).",
    )
    recorded_by = models.CharField(max_length=12, choices=RecordedBy.choices)
    registration_label = models.CharField(
        max_length=60,
        blank=True,
        help_text='If the contractor must give a registration number, what it is called ("Gas Safe number").',
    )
    repair_category = models.CharField(
        max_length=20, default="other", help_text="The repair category an action raises (a repairs category code)."
    )
    source = models.CharField(max_length=200, help_text="The law or guidance the check comes from.")
    warning_days = models.PositiveSmallIntegerField(default=30, help_text="How long before it is due to warn.")
    due_at_each_new_agreement = models.BooleanField(
        default=False,
        help_text="Due again whenever a new agreement starts (fire safety instructions to a new resident).",
    )
    is_pre_let = models.BooleanField(
        "pre-let safety item", default=False, help_text="A unit cannot be let while this check is not current."
    )
    measure = models.CharField(
        "building-safety measure", max_length=4, choices=Measure.choices, default=Measure.NONE, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applies_to="asset") | Q(asset_kind=""), name="check_type_asset_kind_only_for_assets"
            ),
            models.CheckConstraint(
                condition=~Q(applies_to="asset") | ~Q(asset_kind=""), name="check_type_asset_needs_a_kind"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def rule(self) -> Rule | None:
        if not self.frequency_amount:
            return None
        return Rule(self.frequency_amount, ClockUnit(self.frequency_unit), source=self.source, label=self.name)

    @property
    def is_staff_check(self) -> bool:
        return self.recorded_by == self.RecordedBy.STAFF


class AssetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(building__scheme__in=Scheme.objects.visible_to(user))


class Asset(models.Model):
    """Equipment in a building that has checks of its own: a lift, a fire alarm panel, a water system."""

    class Kind(models.TextChoices):
        LIFT = "lift", "Passenger lift"
        STAIRLIFT = "stairlift", "Stair-lift or hoist"
        FIRE_ALARM = "fire_alarm", "Fire alarm panel"
        EMERGENCY_LIGHTING = "emergency_lighting", "Emergency lighting"
        WATER_SYSTEM = "water_system", "Water system"
        GAS_APPLIANCE = "gas_appliance", "Gas appliance"

    building = models.ForeignKey("tenancies.Property", on_delete=models.PROTECT, related_name="assets")
    unit = models.ForeignKey("tenancies.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="assets")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    label = models.CharField(max_length=100, help_text='For example "Main lift" or "Boiler room panel".')
    location = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    objects = AssetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["building", "kind", "label"]

    def __str__(self):
        return f"{self.label} ({self.get_kind_display().lower()}), {self.building.address}"


class ScheduledCheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))

    def active(self):
        return self.filter(active=True, check_type__active=True)

    def for_unit(self, unit):
        """The checks that cover a home: its own, its building's, its scheme's and its building's assets'."""
        building = unit.property
        return self.filter(
            Q(unit=unit)
            | Q(building=building, unit__isnull=True, asset__isnull=True)
            | Q(asset__building=building, asset__unit__isnull=True)
            | Q(asset__unit=unit)
            | Q(scheme_id=building.scheme_id, building__isnull=True, unit__isnull=True, asset__isnull=True)
        )

    def for_buildings(self, buildings):
        """The checks that cover any of these buildings: their own, their units' and assets', and their
        schemes' whole-scheme checks."""
        ids = [b.pk for b in buildings]
        return self.filter(
            Q(building__in=ids)
            | Q(unit__property__in=ids)
            | Q(asset__building__in=ids)
            | Q(
                scheme__in={b.scheme_id for b in buildings},
                building__isnull=True,
                unit__isnull=True,
                asset__isnull=True,
            )
        )

    def with_status(self, on: date | None = None):
        """Each check's status on a day, from the stored dates (no reading of the records' history)."""
        on = on or timezone.localdate()
        from .actions import Action

        open_actions = Action.objects.open().filter(check_record__schedule=OuterRef("pk"))
        S = ScheduledCheck.Status
        return self.annotate(
            has_open_actions=Exists(open_actions),
            status=Case(
                When(last_done_on__isnull=True, then=Value(S.NO_RECORD)),
                When(Q(last_outcome=CheckRecord.Outcome.FAIL) & Q(has_open_actions=True), then=Value(S.FAILED)),
                When(next_due_on__lt=on, then=Value(S.OVERDUE)),
                When(due_soon_from__lte=on, then=Value(S.DUE_SOON)),
                default=Value(S.COMPLIANT),
                output_field=models.CharField(),
            ),
        )

    def overdue(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.active().filter(Q(next_due_on__lt=on) | Q(last_done_on__isnull=True))

    def as_at(self, on: date):
        """Each check's last completed record on or before `on` (date, outcome, next due), read from the
        records themselves, so a report for a past day is not changed by checks done since.
        `status_as_at` turns them into a status."""
        done = (
            CheckRecord.objects.filter(schedule=OuterRef("pk"), done_on__lte=on)
            .exclude(outcome=CheckRecord.Outcome.NO_ACCESS)
            .order_by("-done_on", "-pk")
        )
        return self.annotate(
            done_at=Subquery(done.values("done_on")[:1]),
            outcome_at=Subquery(done.values("outcome")[:1]),
            due_at=Subquery(done.values("next_due_on")[:1]),
            record_at=Subquery(done.values("pk")[:1]),
        )


class ScheduledCheck(models.Model):
    """That a check type applies to one scheme, building, unit or asset, and where it stands.

    The last done date, outcome and next due date are kept here by the recording service, so a
    status grid reads one row per check instead of every record behind it.
    """

    class Status(models.TextChoices):
        COMPLIANT = "compliant", "Compliant"
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        NO_RECORD = "no_record", "No record"
        FAILED = "failed", "Failed: actions open"

        @classmethod
        def worst_first(cls) -> list:
            return [cls.FAILED, cls.OVERDUE, cls.NO_RECORD, cls.DUE_SOON, cls.COMPLIANT]

        @classmethod
        def worst(cls, statuses) -> str:
            """A grid cell shows the worst status among the checks behind it."""
            return min(statuses, key=cls.worst_first().index) if statuses else ""

    check_type = models.ForeignKey(CheckType, on_delete=models.PROTECT, related_name="schedules")
    scheme = models.ForeignKey("tenancies.Scheme", on_delete=models.CASCADE, related_name="scheduled_checks")
    building = models.ForeignKey(
        "tenancies.Property", null=True, blank=True, on_delete=models.CASCADE, related_name="scheduled_checks"
    )
    unit = models.ForeignKey(
        "tenancies.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="scheduled_checks"
    )
    asset = models.ForeignKey(Asset, null=True, blank=True, on_delete=models.CASCADE, related_name="scheduled_checks")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_checks",
        help_text="Who is reminded; if empty, the workers covering the scheme.",
    )
    basis = models.CharField(max_length=200, blank=True, help_text="Why the check applies (or was adjusted).")
    made_by_rule = models.BooleanField(
        default=True, help_text="Made from the stock's attributes (kept in step with them); unticked when set by hand."
    )
    active = models.BooleanField(default=True)
    last_done_on = models.DateField(null=True, blank=True)
    last_outcome = models.CharField(max_length=12, blank=True)
    last_attempt_on = models.DateField(null=True, blank=True, help_text="The last visit, done or not.")
    next_due_on = models.DateField(null=True, blank=True)
    due_soon_from = models.DateField(
        null=True, blank=True, help_text="The next due date less the check type's warning period."
    )

    objects = ScheduledCheckQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme__name", "check_type__order", "pk"]
        indexes = [models.Index(fields=["active", "next_due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["check_type", "asset"], condition=Q(asset__isnull=False), name="schedule_once_per_asset"
            ),
            models.UniqueConstraint(
                fields=["check_type", "unit"],
                condition=Q(unit__isnull=False, asset__isnull=True),
                name="schedule_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["check_type", "building"],
                condition=Q(building__isnull=False, unit__isnull=True, asset__isnull=True),
                name="schedule_once_per_building",
            ),
            models.UniqueConstraint(
                fields=["check_type", "scheme"],
                condition=Q(building__isnull=True, unit__isnull=True, asset__isnull=True),
                name="schedule_once_per_scheme",
            ),
        ]

    def __str__(self):
        return f"{self.check_type}: {self.target_label}"

    def get_absolute_url(self):
        return reverse("compliance:check_detail", args=[self.pk])

    @property
    def target_label(self) -> str:
        if self.asset_id:
            return str(self.asset)
        if self.unit_id:
            return str(self.unit)
        if self.building_id:
            return str(self.building)
        return str(self.scheme)

    @property
    def covered_building(self):
        """The building this check is about: its own, its unit's or its asset's; None for a whole scheme."""
        if self.asset_id:
            return self.asset.building
        if self.building_id:
            return self.building
        return self.unit.property if self.unit_id else None

    @property
    def status_label(self) -> str:
        """The annotated status (`with_status`) in words."""
        return self.Status(self.status).label


def certificate_path(record, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/compliance/certificates/{uuid4().hex}.{suffix}"


class CheckRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(schedule__scheme__in=Scheme.objects.visible_to(user))


class CheckRecord(models.Model):
    """A check done (or attempted). Records are kept for ever and never edited: gas records, for one,
    must be kept until two further checks (SI 1998/2451 reg 36(3)(c))."""

    class Outcome(models.TextChoices):
        PASS = "pass", "Pass"
        ADVISORIES = "advisories", "Pass with advisories"
        FAIL = "fail", "Fail"
        NO_ACCESS = "no_access", "Could not get in"

    schedule = models.ForeignKey(ScheduledCheck, on_delete=models.PROTECT, related_name="records")
    done_on = models.DateField("date done")
    deadline_on = models.DateField(null=True, blank=True, help_text="When the check was due when it was done.")
    counts_from = models.DateField(
        help_text="The date the next check is counted from: the deadline, for a gas check in the 2 months before it."
    )
    next_due_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    done_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contractor_name = models.CharField(max_length=150, blank=True)
    contractor_registration = models.CharField(
        "registration number", max_length=40, blank=True, help_text="For example the engineer's Gas Safe number."
    )
    findings = models.TextField(blank=True)
    access_attempt = models.TextField(
        blank=True, help_text="When no one could get in: when you tried, how, and the notice left."
    )
    certificate = models.FileField(upload_to=certificate_path, blank=True)
    certificate_type = models.CharField(max_length=40, blank=True)
    certificate_expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CheckRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["schedule", "-done_on"])]
        permissions = [("record_certificate", "Record a check done by a contractor, with its certificate")]

    def __str__(self):
        return f"{self.schedule.check_type} on {self.done_on:%d %b %Y}: {self.get_outcome_display()}"

    @property
    def done_by(self) -> str:
        if self.contractor_name:
            registration = f" ({self.contractor_registration})" if self.contractor_registration else ""
            return f"{self.contractor_name}{registration}"
        return str(self.done_by_staff or "")
