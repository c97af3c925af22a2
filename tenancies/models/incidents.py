"""Incidents, their parties and the trauma-informed warning ladder, with the letters it produces."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from people.models import Person

from .agreements import Agreement
from .stock import Scheme


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
        indexes = [
            # NM01 counts a period's anti-social behaviour cases.
            models.Index(fields=["kind", "occurred_on"], name="incident_kind_occurred_idx"),
            # The list of closed or all incidents reads its page newest first, not a sort of every year's.
            models.Index(fields=["occurred_on", "id"], name="incident_occurred_idx"),
        ]

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


class Ground(models.TextChoices):
    """What the resident did that the ladder step responds to (stored in LadderAction.grounds)."""

    RESIDENTS = "residents", "Behaviour towards other residents"
    NEIGHBOURS = "neighbours", "Behaviour towards neighbours"
    STAFF = "staff", "Behaviour towards staff"
    DAMAGE = "damage", "Damage to the property"
    TERMS = "terms", "Breach of a licence or tenancy term"
    RENT = "rent", "Rent not paid"
    VISITORS = "visitors", "Visitors causing problems"
    NON_ENGAGEMENT = "non_engagement", "Not engaging with support"


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


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Letters of the people `user` may see: letters are private, so downloads fetch through this."""
        return self.filter(person__in=Person.objects.visible_to(user))


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

    objects = LetterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tenancies:letter_download", args=[self.pk])
