"""House meetings, their actions, and resident involvement."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from people.models import Person

from .stock import Scheme


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
        # A scheme's last and next meeting and its meeting list: one index step, not a read of every year's.
        indexes = [models.Index(fields=["scheme", "held_on"], name="housemeeting_scheme_held_idx")]

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
