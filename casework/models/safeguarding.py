"""Safeguarding concerns for adults and children. Restricted: see SafeguardingConcernQuerySet."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts import roles

from .cases import Case


def is_safeguarding_lead(user) -> bool:
    """A lead by a role or a personal grant, never by superuser flags.

    Safeguarding details are special-category data seen on a need-to-know basis (UK GDPR art. 9):
    an administrator who runs the system does not read them because their account can do everything.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.is_superuser:
        return user.has_perm("casework.safeguarding_lead")  # cached with the user's other permissions
    if not hasattr(user, "_is_safeguarding_lead"):
        # has_perm is always true for a superuser, so ask what their roles and own grants really give.
        user._is_safeguarding_lead = (
            Permission.objects.filter(codename="safeguarding_lead", content_type__app_label="casework")
            .filter(Q(group__user=user) | Q(user=user))
            .exists()
        )
    return user._is_safeguarding_lead


class SafeguardingConcernQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the officer on the case, the team's leaders and safeguarding leads (not the rest of the team,
        not support workers named on the case)."""
        if not user.is_authenticated:
            return self.none()
        if is_safeguarding_lead(user):
            return self
        condition = Q(case__officer=user) if user.has_role(roles.PREVENTION_OFFICER) else Q(pk__in=[])
        if user.has_role(roles.TEAM_LEADER):
            condition |= Q(case__team__leader=user) | Q(case__team_id=user.team_id)
        return self.filter(condition)

    def open(self):
        return self.filter(status=SafeguardingConcern.Status.OPEN)


class SafeguardingConcern(models.Model):
    class About(models.TextChoices):
        ADULT = "adult", "An adult"
        CHILD = "child", "A child"

    class Category(models.TextChoices):
        PHYSICAL = "physical", "Physical abuse"
        EMOTIONAL = "emotional", "Emotional or psychological abuse"
        SEXUAL = "sexual", "Sexual abuse or exploitation"
        NEGLECT = "neglect", "Neglect or acts of omission"
        SELF_NEGLECT = "self_neglect", "Self-neglect"
        FINANCIAL = "financial", "Financial or material abuse"
        DOMESTIC = "domestic", "Domestic abuse"
        EXPLOITATION = "exploitation", "Criminal exploitation or modern slavery"
        OTHER = "other", "Other"

    class ReferredTo(models.TextChoices):
        NONE = "none", "Not referred"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult Social Care"
        CHILDRENS_SERVICES = "childrens_services", "Children's Services"
        POLICE = "police", "Police"
        MARAC = "marac", "MARAC"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safeguarding_concerns")
    about = models.CharField(max_length=10, choices=About.choices)
    subject_name = models.CharField("who the concern is about", max_length=150)
    category = models.CharField(max_length=20, choices=Category.choices)
    seen = models.TextField("what was seen or heard")
    raised_on = models.DateField(default=timezone.localdate)
    referred_to = models.CharField(max_length=30, choices=ReferredTo.choices, default=ReferredTo.NONE)
    referred_on = models.DateField(null=True, blank=True)
    agency_reference = models.CharField(max_length=100, blank=True)
    outcome = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = SafeguardingConcernQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]

    def __str__(self):
        return f"Safeguarding concern ({self.get_category_display()}), {self.raised_on:%-d %B %Y}"
