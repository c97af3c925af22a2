"""A homelessness case: the approach, triage, household and what happened in the end."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from accounts import roles
from accounts.models import Coverage, Team
from core.references import highest_in_use, next_number
from people.models import Consent, Person

from .. import rules
from .codes import HclicCategory
from .referrals import Referral


def _hclic(list_id: str, verbose_name: str, **kwargs):
    return models.ForeignKey(
        HclicCategory,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"list_id": list_id},
        **kwargs,
    )


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers: their own cases and their team's unassigned ones; leaders: their team;
        support workers: cases that name them. Housing workers see only their referrals' status."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(roles.ADMINISTRATOR):
            return self
        condition = Q(pk__in=[])
        if user.has_role(roles.TEAM_LEADER):
            condition |= Q(team__leader=user) | Q(team_id=user.team_id)
        if user.has_role(roles.PREVENTION_OFFICER):
            teams = Q(team_id=user.team_id) | Q(team__in=Coverage.objects.object_ids(user, Team))
            condition |= Q(officer=user) | (Q(officer__isnull=True) & teams)
        condition |= Q(pk__in=Case.named_workers.through.objects.filter(user=user).values("case_id"))
        return self.filter(condition)

    def open(self):
        return self.filter(status=Case.Status.OPEN)

    def with_person(self):
        return self.select_related("person", "officer", "team")

    def with_details(self):
        """Everything the case summary shows, in one query (the support needs are one more)."""
        return self.with_person().select_related(
            "household_composition", "reason_for_loss", "accommodation_at_approach", "referring_body"
        )


class Case(models.Model):
    """One approach to the council's housing options service, from first contact to outcome."""

    class Source(models.TextChoices):
        SELF = "self", "Self-approach"
        DUTY_TO_REFER = "duty_to_refer", "Public authority, duty to refer (s213B)"
        AGENCY = "agency", "Agency (not under the duty to refer)"
        OTHER_COUNCIL = "other_council", "Another local authority"
        HEARTH = "hearth", "Hearth supported housing referral"

    class Notice(models.TextChoices):
        NONE = "none", "No notice"
        SECTION_21 = "section_21", "Section 21 notice (Housing Act 1988)"
        SECTION_8 = "section_8", "Section 8 possession notice"
        NOTICE_TO_QUIT = "notice_to_quit", "Notice to quit"
        OTHER = "other", "Other notice or court order"

    class Eligibility(models.TextChoices):
        UNKNOWN = "unknown", "Not yet known"
        ELIGIBLE = "eligible", "Eligible"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"

    class TriageOutcome(models.TextChoices):
        PENDING = "pending", "Not triaged yet"
        ADVICE_ONLY = "advice_only", "Advice only"
        APPLICATION = "application", "Application taken"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        PREVENTED_STAYED = "prevented_stayed", "Homelessness prevented: stayed in their home"
        PREVENTED_MOVED = "prevented_moved", "Homelessness prevented: moved to other accommodation"
        RELIEVED = "relieved", "Homelessness relieved: accommodation secured"
        MAIN_DUTY_ENDED = "main_duty_ended", "Main housing duty ended"
        NO_DUTY = "no_duty", "No duty owed"
        ADVICE_ONLY = "advice_only", "Advice and information only"
        WITHDREW = "withdrew", "Withdrew"
        CONTACT_LOST = "contact_lost", "Contact lost"
        TRANSFERRED = "transferred", "Referred to another council"
        OTHER = "other", "Other"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    reference = models.CharField(max_length=30, unique=True, editable=False)
    previous_reference = models.CharField(
        "existing case reference",
        max_length=60,
        blank=True,
        db_index=True,
        help_text="The reference of an earlier or migrated case, so a person who approaches again is not duplicated.",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="homelessness_cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    named_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="named_on_cases",
        help_text="Support workers from other services named on the case; they may read it.",
    )

    # Approach
    approached_on = models.DateField(default=timezone.localdate)
    source = models.CharField("how they came to us", max_length=20, choices=Source.choices, default=Source.SELF)
    referral = models.OneToOneField(Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="case")
    referring_body = _hclic("duty_to_refer_public_body", "public authority referring")
    referrer_name = models.CharField("referring organisation or worker", max_length=200, blank=True)
    referral_consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Needed for a referral."
    )

    # Triage
    homeless_tonight = models.BooleanField(null=True, blank=True)
    threatened_within_56_days = models.BooleanField(
        "threatened with homelessness within 56 days", null=True, blank=True
    )
    notice_type = models.CharField(max_length=20, choices=Notice.choices, default=Notice.NONE)
    notice_served_on = models.DateField(null=True, blank=True)
    notice_expires_on = models.DateField(null=True, blank=True)
    notice_valid = models.BooleanField(
        "the notice is valid",
        null=True,
        blank=True,
        help_text="Checked by the officer: a notice that is not valid ends nothing.",
    )
    notice_withdrawn_on = models.DateField(null=True, blank=True)
    eligibility = models.CharField(max_length=20, choices=Eligibility.choices, default=Eligibility.UNKNOWN)
    reason_to_believe_priority_need = models.BooleanField(
        "reason to believe they may be in priority need",
        null=True,
        blank=True,
        help_text="If homeless too, s188 interim duty.",
    )
    risk_summary = models.TextField("risks", blank=True, help_text="Risks to the applicant, to others or to staff.")
    triage_outcome = models.CharField(max_length=20, choices=TriageOutcome.choices, default=TriageOutcome.PENDING)
    triaged_on = models.DateField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Household and circumstances (H-CLIC lists)
    accommodation_at_approach = _hclic("accommodation_at_application", "accommodation when they approached")
    reason_for_loss = _hclic("reason_loss_settled_home", "reason for loss, or threat of loss, of last settled home")
    reason_detail = models.TextField("what is happening, in their words", blank=True)
    support_needs = models.ManyToManyField(
        HclicCategory, blank=True, related_name="+", limit_choices_to={"list_id": "support_needs"}
    )
    household_composition = _hclic("household_composition", "household type")
    host_name = models.CharField("host's name", max_length=150, blank=True, help_text="Parent, relative or friend.")
    host_relationship = models.CharField("host's relationship to the applicant", max_length=80, blank=True)
    host_phone = models.CharField("host's phone", max_length=40, blank=True)
    preferred_contact = models.CharField(
        "preferred way of contact", max_length=20, choices=ContactMethod.choices, blank=True
    )
    income_summary = models.TextField("income and benefits", blank=True)
    partner_income_weekly = models.DecimalField(
        "partner's income per week (£)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Only if a partner lives, or would live, with them (H-CLIC People section).",
    )

    # End
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[support_needs, named_workers])

    class Meta:
        ordering = ["-approached_on", "-pk"]
        permissions = [
            ("reassign_case", "Can reassign cases between officers"),
            ("safeguarding_lead", "Is a safeguarding lead: sees every safeguarding concern"),
        ]
        indexes = [
            models.Index(fields=["team", "officer", "status"]),
            # An officer's open cases (the caseload's load per officer), however many they have closed.
            models.Index(fields=["officer"], condition=Q(status="open"), name="casework_case_open_officer_idx"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.person}"

    def save(self, *args, **kwargs):
        if self.reference:
            return super().save(*args, **kwargs)
        with transaction.atomic():  # the counter stays locked until the case with its number is saved
            self.reference = self._next_reference()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("casework:case_detail", args=[self.pk])

    def _next_reference(self) -> str:
        """HO-<year>-<number> from a locked counter per year (core.references), so officers opening
        approaches at once never get the same number; a number already taken (imported data) is skipped."""
        year = (self.approached_on or timezone.localdate()).year
        prefix = f"HO-{year}-"

        def highest() -> int:
            return highest_in_use(
                Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True), prefix
            )

        while True:
            reference = f"{prefix}{next_number(f'case:HO-{year}', start_after=highest):05d}"
            if not Case.objects.filter(reference=reference).exists():
                return reference

    def clean(self):
        if self.notice_served_on and self.notice_expires_on and self.notice_expires_on < self.notice_served_on:
            raise ValidationError({"notice_expires_on": "The notice cannot expire before it was served."})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def notice_running_on(self, day) -> bool:
        """A valid notice (s21 or possession) that has not been withdrawn and expires within 56 days of `day`
        or has expired (s195(6))."""
        if self.notice_type == self.Notice.NONE or not self.notice_valid or not self.notice_expires_on:
            return False
        if self.notice_withdrawn_on and self.notice_withdrawn_on <= day:
            return False
        return self.notice_expires_on <= rules.THREATENED_WITH_HOMELESSNESS.due(day)

    @cached_property
    def has_children_or_pregnancy(self) -> bool:
        """Decides what temporary accommodation is suitable (SI 2003/3326); one query per case instance."""
        return self.household.filter(FAMILY_MEMBER).exists()

    @cached_property
    def has_open_safeguarding(self) -> bool:
        """Shown as a flag to everyone who may see the case; the details stay restricted."""
        return self.safeguarding_concerns.filter(status="open").exists()


class CaseRecordQuerySet(models.QuerySet):
    """Records that belong to a case are visible with their case (record history pages rely on it)."""

    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class HouseholdMember(models.Model):
    """Someone who lives, or would live, with the main applicant."""

    class Relationship(models.TextChoices):
        PARTNER = "partner", "Partner"
        CHILD = "child", "Child"
        PARENT = "parent", "Parent"
        SIBLING = "sibling", "Brother or sister"
        OTHER_RELATIVE = "other_relative", "Other relative"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    date_of_birth = models.DateField(null=True, blank=True)
    pregnant = models.BooleanField(default=False)
    due_date = models.DateField(null=True, blank=True)

    objects = CaseRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"


# A household member who makes bed and breakfast unsuitable beyond six weeks (SI 2003/3326 art 2 and 4).
FAMILY_MEMBER = Q(relationship=HouseholdMember.Relationship.CHILD) | Q(pregnant=True)


class ContactLog(models.Model):
    """Every call, text, email, letter or visit, so the applicant is kept informed (and it shows)."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        VISIT = "visit", "Visit"
        IN_PERSON = "in_person", "In person at the office"

    class Direction(models.TextChoices):
        OUT = "out", "We contacted them"
        IN = "in", "They contacted us"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    happened_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=20, choices=Method.choices)
    direction = models.CharField(max_length=5, choices=Direction.choices, default=Direction.OUT)
    with_whom = models.CharField(max_length=150, blank=True, help_text="Leave blank if it was the applicant.")
    summary = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_at", "-pk"]

    def __str__(self):
        return f"{self.get_method_display()} on {timezone.localtime(self.happened_at):%d %b %Y %H:%M}"


class ServiceReferral(models.Model):
    """A referral out to a support service, with the applicant's consent."""

    class Service(models.TextChoices):
        MENTAL_HEALTH = "mental_health", "Mental health"
        DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol"
        EMPLOYMENT = "employment", "Employment and training"
        WELLBEING = "wellbeing", "Wellbeing hub"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        DEBT = "debt", "Money and debt advice"
        SUPPORTED_HOUSING = "supported_housing", "Supported housing"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        MADE = "made", "Referral made"
        ACCEPTED = "accepted", "Accepted"
        ENGAGING = "engaging", "Engaging with the service"
        DECLINED = "declined", "Declined by the service"
        NOT_TAKEN_UP = "not_taken_up", "Not taken up"
        CLOSED = "closed", "Closed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="service_referrals")
    service = models.CharField(max_length=30, choices=Service.choices)
    organisation = models.CharField(max_length=200)
    referred_on = models.DateField(default=timezone.localdate)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MADE)
    status_updated_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self):
        return f"{self.get_service_display()}: {self.organisation}"


def case_document_path(instance, filename):
    return f"private/casework/{instance.case_id}/{filename}"


class CaseDocument(models.Model):
    """A document kept with the case, served only through a scoped view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=case_document_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = CaseRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title
