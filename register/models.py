"""The housing register application, its preference, qualification checks, household, band and referrals."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts import roles
from accounts.models import Team
from casework.models import Case
from people.models import Person

from . import rules


class Band(models.Model):
    """A band of the local scheme (A emergency ... D low). Lower `rank` is higher priority."""

    code = models.CharField(max_length=5, unique=True)
    name = models.CharField(max_length=80)
    rank = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return f"Band {self.code}: {self.name}"


class BandRule(models.Model):
    """One line of the banding scheme: if every condition set here holds, the applicant goes in `band`.

    Rules are tried in `priority` order (lowest first); the first that matches decides the band.
    A rule with no conditions matches everyone (the scheme's last line).
    """

    class Category(models.TextChoices):
        NONE = "", "No category needed"
        ANY = "any", "Any reasonable preference category"
        A = "a", "(a) Homeless"
        B = "b", "(b) Owed a homelessness duty"
        C = "c", "(c) Unsatisfactory or overcrowded housing"
        D = "d", "(d) Medical or welfare grounds"
        E = "e", "(e) Hardship unless they move locality"

    name = models.CharField(max_length=120)
    band = models.ForeignKey(Band, on_delete=models.PROTECT, related_name="rules")
    priority = models.PositiveSmallIntegerField(unique=True, help_text="Lower numbers are tried first.")
    category = models.CharField(max_length=5, choices=Category.choices, blank=True)
    needs_urgent = models.BooleanField("needs urgent need", default=False)
    needs_vulnerable = models.BooleanField("needs vulnerability", default=False)
    needs_overcrowded = models.BooleanField("needs overcrowding", default=False)
    needs_additional_preference = models.BooleanField("needs additional preference (armed forces)", default=False)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority"]

    def __str__(self):
        return f"{self.priority}. {self.name} (band {self.band.code})"

    def conditions(self) -> list[str]:
        """The conditions in words, for the 'how it was calculated' line."""
        words = []
        if self.category == self.Category.ANY:
            words.append("a reasonable preference category")
        elif self.category:
            words.append(f"reasonable preference {self.get_category_display()}")
        if self.needs_urgent:
            words.append("urgent need")
        if self.needs_vulnerable:
            words.append("vulnerability")
        if self.needs_overcrowded:
            words.append("overcrowding")
        if self.needs_additional_preference:
            words.append("additional preference (armed forces)")
        return words


class QualificationSettings(models.Model):
    """The local scheme's qualification rules (s160ZA(7)), kept by administrators. One row."""

    local_connection_years = models.PositiveSmallIntegerField(
        default=rules.DEFAULT_LOCAL_CONNECTION.amount // 12, help_text="0 turns the check off."
    )
    income_limit = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        default=rules.DEFAULT_INCOME_LIMIT,
        help_text="Gross household income a year. Blank turns the check off.",
    )
    savings_limit = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        default=rules.DEFAULT_SAVINGS_LIMIT,
        help_text="Capital and savings. Blank turns the check off.",
    )
    arrears_limit = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        default=rules.DEFAULT_ARREARS_LIMIT,
        help_text="Housing-related arrears above this do not qualify. Blank turns the check off.",
    )
    refuse_proven_asb = models.BooleanField("proven anti-social behaviour does not qualify", default=True)
    refuse_existing_application = models.BooleanField("an existing open application does not qualify", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "qualification settings"
        verbose_name_plural = "qualification settings"

    def __str__(self):
        return "Qualification settings"

    @classmethod
    def current(cls) -> "QualificationSettings":
        return cls.objects.order_by("pk").first() or cls.objects.create()


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers: their own and their team's unallocated applications, and those on cases they see;
        team leaders: their team's. Nobody else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(roles.ADMINISTRATOR):
            return self
        condition = Q(pk__in=[])
        if user.has_role(roles.TEAM_LEADER):
            condition |= Q(team__leader=user) | Q(team_id=user.team_id)
        if user.has_role(roles.PREVENTION_OFFICER):
            condition |= Q(officer=user) | (Q(officer__isnull=True) & Q(team_id=user.team_id))
        if user.has_role(roles.TEAM_LEADER) or user.has_role(roles.PREVENTION_OFFICER):
            condition |= Q(case__in=Case.objects.visible_to(user))
        return self.filter(condition)

    def open(self):
        return self.exclude(status=RegisterApplication.Status.CLOSED)

    def awaiting_triage(self):
        return self.filter(status=RegisterApplication.Status.RECEIVED)


class RegisterApplication(models.Model):
    """A person's application to join the housing register (Part 6), beside any homelessness case."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        TRIAGED = "triaged", "Triaged"
        QUALIFIES = "qualifies", "Qualifies"
        DOES_NOT_QUALIFY = "not_qualify", "Does not qualify"
        BANDED = "banded", "Banded"
        CLOSED = "closed", "Closed"

    class ArmedForces(models.TextChoices):
        NONE = "", "Not an armed forces applicant"
        SERVING_INJURED = (
            "serving_injured",
            "Serving regular forces, serious injury, illness or disability from service",
        )
        FORMER = "former", "Formerly served in the regular forces"
        BEREAVED = "bereaved", "Bereaved spouse or civil partner leaving Ministry of Defence accommodation"
        RESERVE_INJURED = "reserve_injured", "Reserve forces, serious injury, illness or disability from service"
        SERVING = "serving", "Serving regular forces (no service injury)"

    reference = models.CharField(max_length=30, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="register_applications")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="register_applications"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="register_applications")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="register_applications"
    )
    applied_on = models.DateField("date applied", default=timezone.localdate)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.RECEIVED, db_index=True)

    # Reasonable preference, s166A(3)(a)-(e); each with where it came from.
    pref_homeless = models.BooleanField("(a) homeless (Part 7)", default=False)
    pref_homeless_source = models.CharField(max_length=200, blank=True)
    pref_duty = models.BooleanField("(b) owed a duty under s190(2), s193(2) or s195(2)", default=False)
    pref_duty_source = models.CharField(max_length=200, blank=True)
    pref_conditions = models.BooleanField("(c) insanitary, overcrowded or unsatisfactory housing", default=False)
    pref_conditions_source = models.CharField(max_length=200, blank=True)
    pref_medical = models.BooleanField("(d) medical or welfare grounds, including disability", default=False)
    pref_medical_source = models.CharField(max_length=200, blank=True)
    pref_locality = models.BooleanField("(e) hardship unless they move to a particular locality", default=False)
    pref_locality_source = models.CharField(max_length=200, blank=True)
    armed_forces = models.CharField(max_length=20, choices=ArmedForces.choices, blank=True)
    left_forces_on = models.DateField("date they left the regular forces", null=True, blank=True)
    urgent = models.BooleanField("urgent housing need", default=False)
    vulnerable = models.BooleanField("vulnerable", default=False)
    triage_note = models.TextField(blank=True)

    # What the qualification checks look at.
    years_in_district = models.PositiveSmallIntegerField("years living in the district", null=True, blank=True)
    household_income = models.DecimalField(
        "gross household income a year", max_digits=10, decimal_places=2, null=True, blank=True
    )
    savings = models.DecimalField("capital and savings", max_digits=10, decimal_places=2, null=True, blank=True)
    housing_arrears = models.DecimalField(
        "housing-related arrears", max_digits=10, decimal_places=2, null=True, blank=True
    )
    proven_asb = models.BooleanField("proven anti-social behaviour", default=False)

    # Bedrooms.
    bedrooms_now = models.PositiveSmallIntegerField("bedrooms they have now", null=True, blank=True)
    bedrooms_needed = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    bedroom_reason = models.TextField(blank=True, editable=False)
    overcrowded = models.BooleanField(default=False, editable=False)

    # The band.
    calculated_band = models.ForeignKey(Band, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    calculated_rule = models.ForeignKey(BandRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    calculation = models.TextField("how the band was calculated", blank=True)
    override_band = models.ForeignKey(Band, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    effective_band = models.ForeignKey(
        Band, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    band_since = models.DateField("date in band", null=True, blank=True)

    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["applied_on", "pk"]
        indexes = [models.Index(fields=["team", "status", "applied_on"])]

    def __str__(self):
        return f"{self.reference}: {self.person}"

    def get_absolute_url(self):
        return reverse("register:application_detail", args=[self.pk])

    PREFERENCES = (
        ("a", "pref_homeless"),
        ("b", "pref_duty"),
        ("c", "pref_conditions"),
        ("d", "pref_medical"),
        ("e", "pref_locality"),
    )

    def categories(self) -> set[str]:
        return {letter for letter, field in self.PREFERENCES if getattr(self, field)}

    def preference_rows(self) -> list[dict]:
        return [
            {
                "letter": letter,
                "label": self._meta.get_field(field).verbose_name,
                "held": getattr(self, field),
                "source": getattr(self, f"{field}_source"),
            }
            for letter, field in self.PREFERENCES
        ]

    @property
    def additional_preference(self) -> bool:
        """s166A(3) as amended by SI 2012/2989: reasonable preference, urgent need, and an armed forces
        description (not merely serving without a service injury)."""
        return bool(
            self.categories() and self.urgent and self.armed_forces and self.armed_forces != self.ArmedForces.SERVING
        )

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class RegisterRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(application__in=RegisterApplication.objects.visible_to(user))


class QualificationCheck(models.Model):
    """One qualification check as it was run: what, the result and why."""

    class Check(models.TextChoices):
        LOCAL_CONNECTION = "local_connection", "Local connection"
        INCOME = "income", "Income"
        SAVINGS = "savings", "Capital and savings"
        ARREARS = "arrears", "Housing-related arrears"
        ASB = "asb", "Anti-social behaviour"
        EXISTING = "existing", "Existing application"

    application = models.ForeignKey(RegisterApplication, on_delete=models.CASCADE, related_name="checks")
    check_name = models.CharField("check", max_length=20, choices=Check.choices)
    passed = models.BooleanField()
    exempt = models.BooleanField(default=False)
    reason = models.TextField()
    checked_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = RegisterRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_check_name_display()}: {'passed' if self.passed else 'failed'}"


class ApplicationMember(models.Model):
    """Someone in the applicant's household, for the bedroom need (copied from the case when there is one)."""

    class Relationship(models.TextChoices):
        PARTNER = "partner", "Partner"
        CHILD = "child", "Child"
        OTHER = "other", "Other"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "", "Not known"

    application = models.ForeignKey(RegisterApplication, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)

    objects = RegisterRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"


class Signpost(models.Model):
    """A referral or signposting made for the applicant: to whom, when, and a note."""

    application = models.ForeignKey(RegisterApplication, on_delete=models.CASCADE, related_name="signposts")
    to_whom = models.CharField("referred or signposted to", max_length=200)
    made_on = models.DateField(default=timezone.localdate)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = RegisterRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-pk"]

    def __str__(self):
        return f"{self.to_whom} on {self.made_on:%-d %B %Y}"
