"""Forms for Awaab's Law hazards: triage, the investigation, the works."""

from django import forms

from core.forms import HearthForm, date_time_field

from ..models import AccessAttempt, ControlDelay, Hazard, HazardType

YES_NO = [("yes", "Yes, a hazard was found"), ("no", "No hazard was found")]


def _moment(label: str, required_message: str):
    return date_time_field(
        label=label, error_messages={"required": required_message, "invalid": "Enter a real date and time."}
    )


class TriageForm(HearthForm):
    kind = forms.ChoiceField(
        label="What kind of hazard might this be?",
        choices=Hazard.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose emergency or significant hazard."},
        help_text="Emergency: a risk of significant harm now (make safe within 24 hours). "
        "Significant: for example damp and mould (investigate within 10 working days).",
    )
    hazard_type = forms.ModelChoiceField(
        label="Type of hazard", queryset=HazardType.objects.all(), required=False, empty_label="Not sure yet"
    )
    aware_at = _moment("When we first knew about it", "Enter when we first knew about it.")


class InvestigationForm(HearthForm):
    concluded_at = _moment("When the investigation concluded", "Enter when the investigation concluded.")
    found = forms.ChoiceField(
        label="Was a hazard found?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )
    findings = forms.CharField(
        label="What the investigation found",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record what the investigation found."},
        help_text="In plain words: this goes into the written summary for the resident.",
    )
    investigator = forms.CharField(label="Who investigated", max_length=150, required=False)
    investigated_remotely = forms.BooleanField(label="Investigated by photo or video", required=False)
    safety_works = forms.CharField(
        label="Safety work we will do, and when", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    supplementary_works = forms.CharField(
        label="Work to stop it coming back, and when", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class WorkBegunForm(HearthForm):
    begun_at = _moment("When the work began", "Enter when the work began.")
    details = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MadeSafeForm(HearthForm):
    made_safe_at = _moment("When it was made safe", "Enter when it was made safe.")
    details = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AccessAttemptForm(HearthForm):
    attempted_at = _moment("When", "Enter when you tried.")
    method = forms.ChoiceField(label="How", choices=AccessAttempt.Method.choices, widget=forms.RadioSelect)
    succeeded = forms.BooleanField(label="We got through or got in", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EntryNoticeForm(HearthForm):
    given_at = _moment("When the notice was given", "Enter when the notice was given.")
    entry_at = _moment("When we will come in", "Enter when we will come in.")
    method = forms.ChoiceField(
        label="How it was given",
        choices=[
            (value, label) for value, label in AccessAttempt.Method.choices if value in ("letter", "email", "text")
        ],
        widget=forms.RadioSelect,
        help_text="Notice of entry must be in writing, at least 24 hours before.",
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ControlDelayForm(HearthForm):
    kind = forms.ChoiceField(label="What held the work up", choices=ControlDelay.Kind.choices, widget=forms.RadioSelect)
    started_at = _moment("From", "Enter when the delay started.")
    ended_at = date_time_field(label="Until", required=False, help_text="Leave empty if it is still going on.")
    details = forms.CharField(
        label="What happened and what we did about it",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what happened and what we did about it."},
    )


class AlternativeAccommodationForm(HearthForm):
    offered_at = _moment("When it was offered", "Enter when it was offered.")
    details = forms.CharField(
        label="What was offered",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what was offered."},
        help_text="Somewhere suitable to stay, at our cost, while the home is made safe.",
    )
    resident_answer = forms.ChoiceField(
        label="Their answer",
        choices=[(v, label) for v, label in Hazard.AlternativeAnswer.choices if v],
        widget=forms.RadioSelect,
    )


class SupplementaryWorkForm(HearthForm):
    begun_at = _moment("When the work began", "Enter when the work began.")
    physically_started = forms.BooleanField(
        label="Work has physically started at the home",
        required=False,
        help_text="If only steps to begin it were taken (ordering, booking), leave this unticked.",
    )
    details = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AlternativeAnswerForm(HearthForm):
    resident_answer = forms.ChoiceField(
        label="Their answer",
        choices=[(v, label) for v, label in Hazard.AlternativeAnswer.choices if v in ("accepted", "declined")],
        widget=forms.RadioSelect,
    )
    answered_at = _moment("When they answered", "Enter when they answered.")


class DelayEndForm(HearthForm):
    ended_at = _moment("When the delay ended", "Enter when the delay ended.")


class ClockStopForm(HearthForm):
    stopped_at = _moment("From when", "Enter when the clock stopped applying.")
    reason = forms.CharField(
        label="Why this clock no longer applies",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the clock no longer applies."},
        help_text="For example: everyone moved out while the work is done, or no further work is needed.",
    )
