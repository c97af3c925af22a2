"""The move into a private rented home, and the follow-up six months on: are they still there?"""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from casework.models import Case


class MoveQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not (user.is_authenticated and user.has_perm("moveon.view_move")):
            return self.none()
        return self.filter(case__in=Case.objects.visible_to(user))

    def follow_up_due(self, on: date):
        return self.filter(follow_up_due__lte=on, followed_up_on__isnull=True)

    def sustained(self):
        """Confirmed still there at the six-month follow-up: accommodation secured for 6 months or more."""
        return self.filter(still_there=True, followed_up_on__gte=models.F("follow_up_due"))


class Move(models.Model):
    offer = models.OneToOneField("moveon.Offer", on_delete=models.PROTECT, related_name="move")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="moveon_moves")
    landlord = models.ForeignKey(
        "moveon.Landlord", on_delete=models.PROTECT, related_name="moves", null=True, blank=True
    )
    home = models.ForeignKey(
        "moveon.LandlordProperty", on_delete=models.PROTECT, related_name="moves", null=True, blank=True
    )
    start_date = models.DateField()
    tenancy_months = models.PositiveSmallIntegerField(help_text="The fixed term or first period, in months.")
    follow_up_due = models.DateField()
    followed_up_on = models.DateField(null=True, blank=True)
    still_there = models.BooleanField(null=True, blank=True)
    left_reason = models.TextField(blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    objects = MoveQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return f"Move to {self.offer.place} on {self.start_date:%-d %b %Y}"

    def get_absolute_url(self):
        return reverse("moveon:offer_detail", args=[self.offer_id]) + "#move"

    @property
    def how_it_went(self) -> str:
        if self.followed_up_on is None:
            return f"Follow-up due {self.follow_up_due:%-d %b %Y}"
        if self.still_there:
            return f"Still there at {self.followed_up_on:%-d %b %Y}"
        return "Left" + (f": {self.left_reason}" if self.left_reason else "")
