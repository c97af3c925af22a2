import re
from difflib import SequenceMatcher

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import history

from . import scopes

NI_PATTERN = re.compile(r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


def normalise_ni_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_ni_number(value: str) -> None:
    if value and not NI_PATTERN.match(normalise_ni_number(value)):
        raise ValidationError("Enter a National Insurance number in the right format, like AB 12 34 56 C.")


def normalise_phone(value: str) -> str:
    """Digits only, with +44 written as a leading 0, so "+44 7700 900123" and "07700-900123" compare equal."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("44") and (value or "").strip().startswith("+"):
        digits = "0" + digits[2:]
    return digits


def _name_words(value: str) -> str:
    return " ".join(sorted((value or "").lower().split()))


def names_alike(a: str, b: str) -> bool:
    """The application-level fallback for trigram similarity: the same words in any order, or nearly the same."""
    a, b = _name_words(a), _name_words(b)
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= NAME_LIKENESS


NAME_LIKENESS = 0.8
"""How alike two names must be (0 to 1) to count as the same with the same date of birth. Hearth policy: catches
"Jayde" for "Jade" and a swapped first and last name, not "Jade Wilson" for "Jack Wilson" born the same day."""

TRIGRAM_LIKENESS = 0.45
"""The same judgement on PostgreSQL, as pg_trgm similarity of the search name (legal and preferred names)."""


def mask_ni_number(value: str) -> str:
    """Only the last three characters show: enough to confirm, not enough to misuse."""
    if not value:
        return ""
    return f"•• •• •• {value[-3:-1]} {value[-1]}"


history.mask_in_history("people.Person", "ni_number", mask_ni_number)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scopes.registry.restrict(self, user)

    def search(self, text: str):
        """Name (legal or preferred, any part), date of birth (dd/mm/yyyy) or NI number."""
        text = (text or "").strip()
        if not text:
            return self
        from datetime import datetime

        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return self.filter(date_of_birth=datetime.strptime(text, fmt).date())
            except ValueError:
                continue
        ni = normalise_ni_number(text)
        if NI_PATTERN.match(ni):
            return self.filter(ni_number=ni)
        query = self
        for word in text.lower().split():
            query = query.filter(search_name__contains=word)
        return query

    def likely_matches(
        self,
        *,
        legal_name: str = "",
        preferred_name: str = "",
        date_of_birth=None,
        ni_number: str = "",
        phone: str = "",
        email: str = "",
        **_other_fields,
    ):
        """People who may be the one described: the same NI number, phone or email, or a like name with the same
        date of birth. Fuzzy names use pg_trgm on PostgreSQL (the search_name trigram index, migration 0002) and
        difflib elsewhere. Scope is the caller's: this looks at everyone in the queryset it is called on."""
        condition = Q(pk__in=[])
        ni = normalise_ni_number(ni_number)
        if ni:
            condition |= Q(ni_number=ni)
        if email and email.strip():
            condition |= Q(email__iexact=email.strip())
        digits = normalise_phone(phone)
        if len(digits) >= 7:
            condition |= Q(pk__in=self._with_phone_digits().filter(phone_digits__in=_phone_forms(digits)).values("pk"))
        names = [name.lower().strip() for name in (legal_name, preferred_name) if name and name.strip()]
        if date_of_birth and names:
            born = self.filter(date_of_birth=date_of_birth)
            if connection.vendor == "postgresql":
                from django.contrib.postgres.search import TrigramSimilarity

                alike = Q()
                for index, name in enumerate(names):
                    born = born.annotate(**{f"likeness_{index}": TrigramSimilarity("search_name", Value(name))})
                    alike |= Q(**{f"likeness_{index}__gte": TRIGRAM_LIKENESS})
                condition |= Q(pk__in=born.filter(alike).values("pk"))
            else:
                ids = [
                    pk
                    for pk, legal, preferred in born.values_list("pk", "legal_name", "preferred_name")
                    if any(names_alike(name, known) for name in names for known in (legal, preferred))
                ]
                condition |= Q(pk__in=ids)
        return self.filter(condition)

    def _with_phone_digits(self):
        digits = Lower("phone")
        for character in (" ", "-", "(", ")", "."):
            digits = Replace(digits, Value(character), Value(""))
        return Person.objects.annotate(phone_digits=digits)


def _phone_forms(digits: str) -> list[str]:
    """How the same number may be stored once spaces and dashes go: 07700900123 or +447700900123."""
    forms = [digits]
    if digits.startswith("0"):
        forms.append("+44" + digits[1:])
    return forms


class Person(models.Model):
    """Anyone Hearth supports: a resident in supported housing or a homelessness applicant."""

    legal_name = models.CharField(max_length=150)
    preferred_name = models.CharField(
        max_length=150, blank=True, help_text="What they like to be called, if different. Use it in letters."
    )
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    ni_number = models.CharField(
        "National Insurance number", max_length=9, blank=True, db_index=True, validators=[validate_ni_number]
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    communication_preferences = models.TextField(
        blank=True, help_text='For example "prefers text; avoid phone calls before noon".'
    )
    emergency_contact_name = models.CharField(max_length=150, blank=True)
    emergency_contact_relationship = models.CharField(max_length=80, blank=True)
    emergency_contact_phone = models.CharField(max_length=40, blank=True)
    key_support_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_clients",
        help_text="The support worker who works with this person day to day.",
    )
    search_name = models.CharField(max_length=310, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["legal_name", "pk"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["date_of_birth"]),
            # The resident list's order: its first page is read from the index, not a sort of everyone.
            models.Index(fields=["legal_name", "id"], name="people_person_name_order_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.ni_number = normalise_ni_number(self.ni_number)
        self.search_name = f"{self.legal_name} {self.preferred_name}".lower().strip()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name", "ni_number"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("tenancies:resident_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.preferred_name or self.legal_name

    @property
    def masked_ni_number(self) -> str:
        return mask_ni_number(self.ni_number)

    def matched_on(
        self, *, date_of_birth=None, ni_number: str = "", phone: str = "", email: str = "", **_other_fields
    ) -> list[str]:
        """Why `likely_matches` offered this person, in words an officer can check with the applicant."""
        reasons = []
        if ni_number and normalise_ni_number(ni_number) == self.ni_number:
            reasons.append("National Insurance number")
        if date_of_birth and date_of_birth == self.date_of_birth:
            reasons.append("name and date of birth")
        digits = normalise_phone(phone)
        if digits and digits == normalise_phone(self.phone):
            reasons.append("phone")
        if email and self.email and email.strip().lower() == self.email.lower():
            reasons.append("email")
        return reasons


class DuplicateCheck(models.Model):
    """A worker's word that a new person is not an existing one who looked alike, and why (kept for audit, and so
    an administrator can review it and merge the records if it was wrong)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_checks")
    looked_like = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return f"{self.person} is not {self.looked_like}"


class PersonMerge(models.Model):
    """Two records for one person made one: what the merged record held and how many links moved to the kept one.
    The merged record's own history stays under its old id (`merged_id`)."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges")
    merged_id = models.BigIntegerField(help_text="The id the merged record had; its history is kept under it.")
    merged_name = models.CharField(max_length=150)
    merged_details = models.JSONField(default=dict)
    links_moved = models.JSONField(default=dict, help_text="Records moved to the kept person, by kind.")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.merged_name} (#{self.merged_id}) merged into {self.kept}"


class SupportNeed(models.Model):
    """Sensitive (special-category health data): reading is logged in core.AccessLog."""

    class Category(models.TextChoices):
        MENTAL_HEALTH = "mental_health", "Mental health"
        PHYSICAL_HEALTH = "physical_health", "Physical health or disability"
        LEARNING_DISABILITY = "learning_disability", "Learning disability or autism"
        SUBSTANCE_USE = "substance_use", "Drug or alcohol use"
        DOMESTIC_ABUSE = "domestic_abuse", "Experience of domestic abuse"
        OFFENDING = "offending", "Offending history"
        CARE_LEAVER = "care_leaver", "Care leaver"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="support_needs")
    category = models.CharField(max_length=40, choices=Category.choices)
    details = models.TextField(blank=True)
    recorded_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["category"]

    def __str__(self):
        return self.get_category_display()


class RiskFlag(models.Model):
    """Sensitive: risks to the person, to others or to staff. Reading is logged."""

    class Kind(models.TextChoices):
        SELF_HARM = "self_harm", "Risk to self"
        TO_OTHERS = "to_others", "Risk to others"
        TO_STAFF = "to_staff", "Risk to staff (lone working)"
        EXPLOITATION = "exploitation", "Risk of exploitation"
        FIRE = "fire", "Fire risk"
        OTHER = "other", "Other"

    class Level(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="risk_flags")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.MEDIUM)
    details = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-active", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_level_display()})"


class Consent(models.Model):
    """A person's recorded consent to share their information for a purpose (UK GDPR, s213B)."""

    class Purpose(models.TextChoices):
        REFER_TO_COUNCIL = "refer_to_council", "Referral to the council's homelessness team"
        SHARE_WITH_SUPPORT = "share_with_support", "Sharing with support services"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    given = models.BooleanField()
    how = models.CharField(max_length=200, help_text="How it was given, e.g. 'verbally, in person'.")
    recorded_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-pk"]

    def __str__(self):
        return f"{self.get_purpose_display()}: {'given' if self.given else 'refused'}"


class SupportNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(person__in=Person.objects.visible_to(user))


class SupportNote(models.Model):
    """A dated note from the support team (support workers may add these; they are read-mostly otherwise)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="support_notes")
    written_on = models.DateField(default=timezone.localdate)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SupportNoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"Support note, {self.written_on:%d %b %Y}"
