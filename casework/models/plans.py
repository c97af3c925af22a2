"""Assessment (s189A(1)) and the Personalised Housing Plan (s189A(4)), with its versions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .cases import Case


class Scenario(models.TextChoices):
    FAMILY_FRIENDS = "family_friends", "Family or friends asking them to leave"
    PRIVATE_TENANCY_END = "private_tenancy_end", "End of a private tenancy"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    LEAVING_CARE = "leaving_care", "Leaving care"
    LEAVING_PRISON = "leaving_prison", "Leaving prison"
    LEAVING_HOSPITAL = "leaving_hospital", "Leaving hospital"
    SUPPORTED_HOUSING_END = "supported_housing_end", "Leaving supported housing"
    ROUGH_SLEEPING = "rough_sleeping", "Sleeping rough"
    OTHER = "other", "Other"


class Party(models.TextChoices):
    APPLICANT = "applicant", "Steps you will take"
    COUNCIL = "council", "Steps we (the council) will take"


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class Assessment(models.Model):
    """s189A(1): the circumstances that caused homelessness, housing needs and support needs."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    circumstances = models.TextField("circumstances that led to homelessness or the threat of it")
    housing_needs = models.TextField(help_text="What accommodation would be suitable, and any needs it must meet.")
    support_needs = models.TextField(help_text="The support they need to have and keep suitable accommodation.")
    completed_on = models.DateField(default=timezone.localdate)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    def __str__(self):
        return f"Assessment for {self.case.reference}"


class PlanStepTemplate(models.Model):
    """The menu of common reasonable steps per scenario; officers pick and then edit freely."""

    scenario = models.CharField(max_length=30, choices=Scenario.choices)
    party = models.CharField(max_length=10, choices=Party.choices)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["scenario", "party", "position", "pk"]

    def __str__(self):
        return self.text[:80]


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def current(self):
        return self.filter(superseded_at__isnull=True)

    def review_due(self, on):
        return self.current().filter(review_on__lte=on, case__status=Case.Status.OPEN)


def plan_pdf_path(instance, filename):
    return f"private/casework/{instance.case_id}/plans/{filename}"


class PersonalisedHousingPlan(models.Model):
    """A version of the case's plan. Editing makes a new version; the old one is kept, superseded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField()
    scenario = models.CharField(max_length=30, choices=Scenario.choices)
    summary = models.TextField("what we agreed, in plain words", blank=True)
    review_on = models.DateField("review the plan by")
    issued_on = models.DateField(null=True, blank=True, help_text="When the written plan was given to the applicant.")
    pdf = models.FileField(upload_to=plan_pdf_path, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(superseded_at__isnull=True), name="one_current_plan_per_case"
            ),
        ]

    def __str__(self):
        return f"Personalised Housing Plan v{self.version} for {self.case.reference}"

    def get_absolute_url(self):
        return reverse("casework:plan_detail", args=[self.pk])


class PlanStepQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(plan__case__in=Case.objects.visible_to(user))


class PlanStep(models.Model):
    plan = models.ForeignKey(PersonalisedHousingPlan, on_delete=models.CASCADE, related_name="steps")
    party = models.CharField(max_length=10, choices=Party.choices)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    done_on = models.DateField(null=True, blank=True)

    objects = PlanStepQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["party", "position", "pk"]

    def __str__(self):
        return self.text[:80]
