"""Forms for starting and ending duties, the s184 decision and a s202 review request."""

from django import forms
from django.utils import timezone

from core.forms import DateInput, HearthForm

from ..models import Duty, HclicCategory, MainDutyDecision, Mediation
from ..services.duties import ALLOWED_END_REASONS, MAIN_ACTIVITY_LISTS


class DutyStartForm(HearthForm):
    kind = forms.ChoiceField(
        label="Which duty",
        choices=Duty.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the duty that starts.", "invalid_choice": "Choose a duty from the list."},
    )
    started_on = forms.DateField(
        label="Date the duty started",
        widget=DateInput,
        help_text="The day we were satisfied the duty is owed. The 56-day clock counts from here.",
        error_messages={"required": "Enter the date the duty started.", "invalid": "Enter a real date."},
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("started_on", timezone.localdate())
        if kinds:  # put the duties that could start first, in the order of the Act
            choices = dict(Duty.Kind.choices)
            self.fields["kind"].choices = [(k, choices[k]) for k in kinds] + [
                (k, label) for k, label in Duty.Kind.choices if k not in kinds
            ]


class DutyEndForm(HearthForm):
    reason = forms.ChoiceField(
        label="Why the duty ends",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose why the duty ends.",
            "invalid_choice": "Choose a reason from the list: this duty cannot end for that reason.",
        },
    )
    ended_on = forms.DateField(
        label="Date the duty ended",
        widget=DateInput,
        error_messages={"required": "Enter the date the duty ended.", "invalid": "Enter a real date."},
    )
    secured = forms.ChoiceField(
        label="If accommodation was secured: did they stay or move?",
        choices=Duty.Secured.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed when prevention or relief ends because suitable accommodation was secured.",
    )
    accommodation_secured_type = forms.ModelChoiceField(
        label="If accommodation was secured: what kind?",
        queryset=HclicCategory.objects.none(),
        required=False,
        empty_label="Choose…",
        help_text="Counted in the government's homelessness statistics (H-CLIC).",
    )
    main_activity = forms.ModelChoiceField(
        label="What helped most to secure it?",
        queryset=HclicCategory.objects.none(),
        required=False,
        empty_label="Choose…",
    )
    warning_notice_on = forms.DateField(
        label="Date of the warning notice",
        widget=DateInput,
        required=False,
        help_text="Only for refusing to cooperate (s193B): the warning must come before the duty ends.",
        error_messages={"invalid": "Enter a real date."},
    )
    mediation = forms.ModelChoiceField(
        label="Mediation that led to this outcome",
        queryset=Mediation.objects.none(),
        required=False,
        empty_label="None",
        help_text="If mediation with the host helped them stay or move, choose it so the outcome is counted.",
        error_messages={"invalid_choice": "Choose a mediation on this case."},
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What happened, in a sentence or two.",
    )

    def __init__(self, *args, duty: Duty, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Duty.EndReason.choices)
        self.fields["reason"].choices = [(r, labels[r]) for r in ALLOWED_END_REASONS[duty.kind]]
        mediations = duty.case.mediations.order_by("-started_on", "-pk")
        self.fields["mediation"].queryset = mediations
        if duty.has_clock:
            self.fields["accommodation_secured_type"].queryset = HclicCategory.objects.of("accommodation_secured")
            self.fields["main_activity"].queryset = HclicCategory.objects.of(MAIN_ACTIVITY_LISTS[duty.kind])
        else:
            for name in ("secured", "accommodation_secured_type", "main_activity"):
                del self.fields[name]
        if duty.kind == Duty.Kind.MAIN or duty.kind == Duty.Kind.INTERIM:
            del self.fields["warning_notice_on"]
        self.initial.setdefault("ended_on", timezone.localdate())

    @classmethod
    def initial_from(cls, query, duty: Duty) -> dict:
        """Pre-fill from a link (the mediation page sends ?reason=...&secured=...&mediation=<id>), ignoring
        anything that does not belong to this duty."""
        initial = {}
        if query.get("reason") in ALLOWED_END_REASONS[duty.kind]:
            initial["reason"] = query["reason"]
        if duty.has_clock and query.get("secured") in Duty.Secured.values:
            initial["secured"] = query["secured"]
        mediation = query.get("mediation", "")
        if mediation.isdecimal() and duty.case.mediations.filter(pk=int(mediation)).exists():
            initial["mediation"] = int(mediation)
        return initial


class DecisionForm(HearthForm):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=MainDutyDecision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision."},
    )
    priority_need = forms.ModelChoiceField(
        label="Priority need",
        queryset=HclicCategory.objects.none(),
        required=False,
        empty_label="Choose…",
        help_text="Why they are in priority need. Needed when the main duty is owed.",
        error_messages={"invalid_choice": "Choose a reason from the list."},
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        widget=DateInput,
        error_messages={"required": "Enter the date of the decision.", "invalid": "Enter a real date."},
    )
    letter_sent_on = forms.DateField(
        label="Date of the decision letter",
        widget=DateInput,
        help_text="They have 21 days from this date to ask for a review (s202).",
        error_messages={"required": "Enter the date of the letter.", "invalid": "Enter a real date."},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In plain words, as they are set out in the letter.",
        error_messages={"required": "Give the reasons for the decision."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_need"].queryset = HclicCategory.objects.of("priority_need")
        today = timezone.localdate()
        self.initial.setdefault("decided_on", today)
        self.initial.setdefault("letter_sent_on", today)


class ReviewRequestForm(HearthForm):
    requested_on = forms.DateField(
        label="Date they asked for a review",
        widget=DateInput,
        error_messages={"required": "Enter the date they asked for a review.", "invalid": "Enter a real date."},
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="If they asked after the 21 days, say why the council agreed to a late review.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("requested_on", timezone.localdate())


class ReviewDecisionForm(HearthForm):
    decided_on = forms.DateField(
        label="Date the review was decided",
        widget=DateInput,
        error_messages={"required": "Enter the date the review was decided.", "invalid": "Enter a real date."},
    )
    result = forms.ChoiceField(
        label="Outcome of the review",
        choices=MainDutyDecision._meta.get_field("review_result").choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the review."},
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("decided_on", timezone.localdate())
