"""Forms for home visits: short, one per action, for a phone."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from core.forms import HearthForm, HearthModelForm, date_time_field

from ..models import HomeVisit
from ..services.visits import FINDINGS_FIELDS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# A finish time earlier than the start means the next day only if that is within this long (a late visit).
OVERNIGHT = timedelta(hours=12)


def on_day(day, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def finish_after(start: datetime, at: time) -> datetime:
    """The finish time `at` on the start's day, or the next day when that is a few hours after the start."""
    end = on_day(timezone.localtime(start).date(), at)
    if end <= start and end + timedelta(days=1) - start <= OVERNIGHT:
        end = on_day(timezone.localtime(start).date() + timedelta(days=1), at)
    return end


class VisitPlanForm(HearthForm):
    kind = forms.ChoiceField(
        label="Type of visit", choices=HomeVisit.Kind.choices, initial=HomeVisit.Kind.PLANNED, widget=forms.RadioSelect
    )
    address = forms.CharField(
        label="Address you are visiting",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text="Your team leader sees this if you do not check out in time.",
    )
    planned_start = date_time_field(label="Start")
    expected_end = forms.TimeField(
        label="Expected finish",
        widget=TimeInput(),
        help_text="If you have not checked out 5 minutes after this, your team leader is alerted.",
    )

    def clean(self):
        data = super().clean()
        start, finish = data.get("planned_start"), data.get("expected_end")
        if start and finish:
            end = finish_after(start, finish)
            if end <= start:
                self.add_error("expected_end", "The expected finish must be after the start.")
            else:
                data["expected_end_at"] = end
        return data


class CheckInForm(HearthForm):
    expected_end = forms.TimeField(
        label="Expected finish",
        widget=TimeInput(),
        required=False,
        help_text="Change it if you will be longer. 5 minutes after this your team leader is alerted.",
    )

    def clean(self):
        data = super().clean()
        if data.get("expected_end"):
            data["expected_end_at"] = finish_after(timezone.now(), data["expected_end"])
        return data


class CheckOutForm(HearthForm):
    checked_out_at = date_time_field(
        label="Time you left",
        required=False,
        help_text="Only if you left earlier and are checking out late. Leave it blank to use the time now.",
    )


class FindingsForm(HearthModelForm):
    applicant_lives_there = forms.TypedChoiceField(
        label="Is the applicant living there?",
        choices=[("yes", "Yes, confirmed"), ("no", "No"), ("unknown", "Not known")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = HomeVisit
        fields = list(FINDINGS_FIELDS)
        labels = {"present": "Who was there", "space": "Space and overcrowding"}
        help_texts = {
            "reason_at_risk": "Write down what they told you, in their own words where you can.",
            "staff_risks": "Anything a colleague visiting next should know: dogs, other people, behaviour.",
            "follow_ups": "What you or others will do next.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "present",
                "space",
                "disrepair",
                "hazards",
                "reason_at_risk",
                "staff_risks",
                "notes",
                "follow_ups",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            value = self.instance.applicant_lives_there
            self.initial["applicant_lives_there"] = {True: "yes", False: "no"}.get(value, "unknown")


class AcknowledgeForm(HearthForm):
    note = forms.CharField(
        label="What you have done",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: called Sam, who is safe and running late; or called the police at 15:20.",
        error_messages={"required": "Say what you have done, for example who you called and what they said."},
    )
