"""Stock (schemes, properties, units), agreements, incidents, house meetings and complaints."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from accounts import roles
from accounts.models import Coverage
from people.models import Person

postcode_validator = RegexValidator(
    r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$",
    "Enter a full UK postcode, like SW1A 1AA.",
)
ASSURED_SHORTHOLD_ABOLISHED = date(2026, 5, 1)  # Renters' Rights Act 2025: no new ASTs from this date


def money_field(**kwargs):
    return models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(0)], **kwargs
    )


# ---------------------------------------------------------------- stock


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
    coverage = GenericRelation(Coverage, related_query_name="scheme")

    objects = SchemeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tenancies:scheme_detail", args=[self.pk])


class Property(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="properties")
    address = models.CharField(max_length=200)
    town = models.CharField(max_length=80)
    postcode = models.CharField(max_length=8, validators=[postcode_validator])
    uprn = models.CharField("UPRN", max_length=12, blank=True, validators=[RegexValidator(r"^\d{1,12}$")])
    owner = models.CharField(max_length=150, blank=True)
    management_agreement_start = models.DateField(null=True, blank=True)
    management_agreement_end = models.DateField(null=True, blank=True)

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
        current = Agreement.objects.filter(unit=OuterRef("pk")).current(on)
        return self.annotate(is_occupied=Exists(current))

    def void(self, on: date | None = None):
        return self.with_occupancy(on).filter(is_occupied=False, unavailable_reason="")


class Unit(models.Model):
    """A bed-space or flat that one agreement at a time can occupy."""

    class Kind(models.TextChoices):
        ROOM = "room", "Room in a shared house"
        FLAT = "flat", "Self-contained flat"
        BEDSIT = "bedsit", "Bedsit"

    class Status(models.TextChoices):
        OCCUPIED = "occupied", "Occupied"
        VOID = "void", "Void"
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
        return self.Status.UNAVAILABLE if self.unavailable_reason else self.Status.VOID

    def get_status_display(self) -> str:
        return self.Status(self.status()).label


# ---------------------------------------------------------------- agreements


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__property__scheme__in=Scheme.objects.visible_to(user))

    def current(self, on: date):
        """Agreements that hold the unit on `on` (an offer holds it from its start date)."""
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))

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

    def lasted(self, months: int, on: date | None = None) -> bool:
        end = self.end_date or on or timezone.localdate()
        return end >= self.start_date + relativedelta(months=months)


# ---------------------------------------------------------------- incidents and the warning ladder


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))

    def open(self):
        return self.filter(closed_on__isnull=True)

    def review_due(self, on: date):
        return self.open().filter(review_on__lte=on)


class Incident(models.Model):
    class Kind(models.TextChoices):
        BREACH = "breach", "Breach of licence or tenancy"
        ASB = "asb", "Anti-social behaviour"
        DISPUTE = "dispute", "Dispute between residents"
        DAMAGE = "damage", "Damage"
        VISITORS = "visitors", "Visitors"
        RENT = "rent", "Rent"

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        SERIOUS = "serious", "Serious risk of harm"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="incidents")
    occurred_on = models.DateField()
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    hate_incident = models.BooleanField(
        default=False,
        help_text="Motivated by hostility to race, religion, disability, sexual orientation or gender identity.",
    )
    description = models.TextField()
    risk = models.CharField("risk level", max_length=10, choices=Risk.choices, default=Risk.LOW)
    review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="How the incident was resolved, written when it is closed.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = IncidentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("tenancies:incident_detail", args=[self.pk])


class IncidentParty(models.Model):
    class Role(models.TextChoices):
        ALLEGED = "alleged", "Resident the incident is about"
        AFFECTED = "affected", "Resident affected"
        NEIGHBOUR = "neighbour", "Neighbour"
        STAFF = "staff", "Staff member"
        VISITOR = "visitor", "Visitor"
        OTHER = "other", "Other"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="incident_roles")
    name = models.CharField(max_length=150, blank=True, help_text="For people who are not residents.")
    role = models.CharField(max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "incident parties"
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="incident_party_has_person_or_name"
            )
        ]

    def __str__(self):
        return f"{self.person or self.name} ({self.get_role_display()})"


class LadderStep(models.IntegerChoices):
    """The trauma-informed order: support first, then warnings, then tenancy action."""

    SUPPORTIVE = 1, "Informal conversation and supportive intervention"
    FIRST_WARNING = 2, "First written warning"
    FINAL_WARNING = 3, "Final written warning with acceptable behaviour agreement"
    NOTICE = 4, "Notice"
    POSSESSION = 5, "Possession"


class LadderActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(incident__in=Incident.objects.visible_to(user))

    def live(self, on: date):
        """Actions that still count: warnings expire on their own, and expired ones no longer count."""
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))


class LadderAction(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="actions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ladder_actions")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="ladder_actions")
    step = models.PositiveSmallIntegerField(choices=LadderStep.choices)
    taken_on = models.DateField(default=timezone.localdate)
    grounds = models.JSONField(default=list, help_text="What the resident did (codes from ladder.GROUNDS).")
    summary = models.TextField(help_text="What happened and what was said, in plain words.")
    support_offered = models.TextField(blank=True)
    why_support_not_enough = models.TextField(blank=True)
    support_plan_reviewed = models.BooleanField(default=False)
    reasonable_adjustments = models.TextField(blank=True)
    support_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_on = models.DateField(null=True, blank=True)
    behaviour_agreement = models.TextField(blank=True, help_text="The acceptable behaviour agreement's terms.")
    skip_reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notice_served_on = models.DateField(null=True, blank=True)
    notice_expires_on = models.DateField(null=True, blank=True)
    prescribed_information_given = models.BooleanField(default=False)
    review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LadderActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["taken_on", "pk"]
        permissions = [("approve_ladder_skip", "Can approve skipping a step on the warning ladder")]

    def __str__(self):
        return f"{self.get_step_display()} for {self.person} ({self.taken_on:%d %b %Y})"

    def is_live(self, on: date | None = None) -> bool:
        return self.expires_on is None or self.expires_on >= (on or timezone.localdate())


def letter_upload_to(instance, filename):
    return f"letters/{instance.person_id}/{filename}"


class Letter(models.Model):
    """A generated letter (PDF), kept with the case and listed on the resident's page."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="letters")
    ladder_action = models.OneToOneField(
        LadderAction, null=True, blank=True, on_delete=models.PROTECT, related_name="letter"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=letter_upload_to)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tenancies:letter_download", args=[self.pk])


# ---------------------------------------------------------------- house meetings and involvement


class HouseMeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class HouseMeeting(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    residents_present = models.ManyToManyField(Person, blank=True, related_name="meetings_attended")
    staff_present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = HouseMeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[residents_present, staff_present])

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"House meeting, {self.scheme}, {self.held_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("tenancies:meeting_detail", args=[self.pk])


class MeetingActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(meeting__in=HouseMeeting.objects.visible_to(user))

    def outstanding(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, on: date):
        return self.outstanding().filter(due_on__lt=on)


class MeetingAction(models.Model):
    meeting = models.ForeignKey(HouseMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects = MeetingActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description


class Involvement(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", "Feedback"
        COMPLIMENT = "compliment", "Compliment"
        SUGGESTION = "suggestion", "Suggestion"
        PARTICIPATION = "participation", "Took part in an activity or panel"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="involvement")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="involvement")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    received_on = models.DateField(default=timezone.localdate)
    details = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "involvement records"

    def __str__(self):
        return f"{self.get_kind_display()} ({self.received_on:%d %b %Y})"


# ---------------------------------------------------------------- complaints (Complaint Handling Code)


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))

    def open(self):
        return self.filter(closed_on__isnull=True)


class Complaint(models.Model):
    class Stage(models.IntegerChoices):
        ONE = 1, "Stage 1"
        TWO = 2, "Stage 2"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="complaints")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints")
    complainant_name = models.CharField(max_length=150, blank=True, help_text="If not a resident.")
    received_on = models.DateField()
    summary = models.TextField()
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.ONE)
    stage1_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage1_acknowledged_on = models.DateField(null=True, blank=True)
    stage1_extended_to = models.DateField(null=True, blank=True)
    stage1_extension_reason = models.TextField(blank=True)
    stage1_responded_on = models.DateField(null=True, blank=True)
    stage1_response = models.TextField(blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    stage2_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage2_acknowledged_on = models.DateField(null=True, blank=True)
    stage2_extended_to = models.DateField(null=True, blank=True)
    stage2_extension_reason = models.TextField(blank=True)
    stage2_responded_on = models.DateField(null=True, blank=True)
    stage2_response = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ComplaintQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage2_handler__isnull=True)
                | Q(stage1_handler__isnull=True)
                | ~Q(stage2_handler=models.F("stage1_handler")),
                name="complaint_stage2_by_someone_else",
            )
        ]

    def __str__(self):
        return f"Complaint received {self.received_on:%d %b %Y} ({self.get_stage_display()})"

    def get_absolute_url(self):
        return reverse("tenancies:complaint_detail", args=[self.pk])


__all__ = [
    "Agreement",
    "Complaint",
    "HouseMeeting",
    "Incident",
    "IncidentParty",
    "Involvement",
    "LadderAction",
    "LadderStep",
    "Letter",
    "MeetingAction",
    "Property",
    "Scheme",
    "Unit",
]
