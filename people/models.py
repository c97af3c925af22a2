import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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
        indexes = [models.Index(fields=["date_of_birth"])]

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
