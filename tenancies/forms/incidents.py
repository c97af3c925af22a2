"""Forms for incidents and the warning ladder: one form per thing a worker does.

The forms parse and shape input; the rules (what the ladder allows, notice periods, what a
warning needs) live in `tenancies.services.incidents`, whose errors the views put back on
these forms.
"""

from django import forms
from django.utils import timezone

from accounts import roles
from accounts.models import User
from core.forms import DateInput, HearthForm

from ..models import Agreement, Ground, Incident, IncidentParty, LadderStep, Scheme
from ..rules import FINAL_WARNING_LIVES, FIRST_WARNING_LIVES
from ..services.incidents import PartyInput, default_expiry, grounds_problem


def _date(label, *, required=True, help_text="", **kwargs):
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DateInput, **kwargs)


def _text(label, *, required=False, help_text="", rows=4, **kwargs):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class ResidentChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class SchemeChoiceForm(HearthForm):
    """First step of recording an incident when no scheme is chosen yet (a GET form)."""

    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), label="Where did it happen?", empty_label=None)

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class IncidentForm(HearthForm):
    occurred_on = _date("Date it happened")
    kind = forms.ChoiceField(label="Type of incident", choices=Incident.Kind.choices)
    hate_incident = forms.BooleanField(
        label="This was a hate incident",
        required=False,
        help_text="Motivated by hostility to someone's race, religion, disability, sexual orientation or "
        "gender identity.",
    )
    risk = forms.ChoiceField(label="Risk level", choices=Incident.Risk.choices, initial=Incident.Risk.LOW)
    description = _text("What happened", required=True, rows=6, help_text="Stick to the facts: who, what, where.")
    residents_about = ResidentChoiceField(
        queryset=None, required=False, label="Residents the incident is about", help_text="Tick all that apply."
    )
    residents_affected = ResidentChoiceField(queryset=None, required=False, label="Residents affected")
    neighbours = _text("Neighbours involved", rows=2, help_text="One name per line.")
    staff = _text("Staff involved", rows=2, help_text="One name per line.")
    visitors = _text("Visitors involved", rows=2, help_text="One name per line.")
    review_on = _date("Review date", help_text="You will get a reminder on this date to review how things are going.")

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents_about"].queryset = residents
        self.fields["residents_affected"].queryset = residents

    def clean(self):
        data = super().clean()
        about, affected = data.get("residents_about") or [], data.get("residents_affected") or []
        both = set(about) & set(affected)
        if both:
            names = ", ".join(sorted(person.name for person in both))
            self.add_error("residents_affected", f"Choose one role for {names}: about it, or affected by it.")
        return data

    def parties(self) -> list[PartyInput]:
        data = self.cleaned_data
        parties = [PartyInput(role=IncidentParty.Role.ALLEGED, person=p) for p in data["residents_about"]]
        parties += [PartyInput(role=IncidentParty.Role.AFFECTED, person=p) for p in data["residents_affected"]]
        for field_name, role in (
            ("neighbours", IncidentParty.Role.NEIGHBOUR),
            ("staff", IncidentParty.Role.STAFF),
            ("visitors", IncidentParty.Role.VISITOR),
        ):
            names = [line.strip() for line in data[field_name].splitlines() if line.strip()]
            parties += [PartyInput(role=role, name=name[:150]) for name in names]
        return parties

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        fields = ("occurred_on", "kind", "hate_incident", "risk", "description", "review_on")
        return {name: data[name] for name in fields} | {"parties": self.parties()}


class CloseIncidentForm(HearthForm):
    closed_on = _date("Date closed")
    outcome = _text("Outcome", required=True, help_text="How was it resolved? What was agreed?")


class ReviewDateForm(HearthForm):
    review_on = _date("Next review date")


class StepChoiceForm(HearthForm):
    """Which step to take (a GET form); the next form asks what that step needs."""

    step = forms.TypedChoiceField(
        label="What are you recording?", choices=LadderStep.choices, coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, ladder, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for step in LadderStep:
            label = step.label
            if ladder.is_skip(step):
                label += " (skips a step: only a housing manager can record this)"
            elif step == ladder.next_step and step != LadderStep.SUPPORTIVE:
                label += " (the next step)"
            choices.append((step.value, label))
        self.fields["step"].choices = choices
        self.fields["step"].initial = LadderStep.SUPPORTIVE if ladder.current_step == 0 else ladder.next_step


def support_workers():
    return User.objects.filter(is_active=True, groups__name=roles.SUPPORT_WORKER).order_by("full_name")


class LadderActionForm(HearthForm):
    """Adapts to the step: each step asks only for what it needs.

    A field is required here exactly when `ladder_action_record` refuses it blank for this step,
    with the service's own words, so "(optional)" is only ever shown on a field that may be left
    blank. The service still checks everything (and the rules across fields).
    """

    taken_on = _date("Date of this step", error_messages={"required": "Enter the date of this step."})
    skip_reason = _text(
        "Why this cannot wait",
        required=True,
        help_text="This skips a step on the ladder. Describe the serious risk that means it cannot wait.",
        error_messages={"required": "Say why this step cannot wait: what is the serious risk?"},
    )
    grounds = forms.MultipleChoiceField(
        label="What is the concern?",
        choices=Ground.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that apply. Not engaging with support cannot on its own be a reason for a warning.",
        error_messages={"required": "Choose at least one concern from the list."},
    )
    summary = _text(
        "What happened and what was said",
        required=True,
        rows=5,
        error_messages={"required": "Say what happened and what was said."},
    )
    support_offered = _text(
        "Support offered",
        required=True,
        help_text="For example, weekly sessions with their support worker.",
        error_messages={"required": "Say what support was offered."},
    )
    support_worker = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Support worker involved"
    )
    support_plan_reviewed = forms.BooleanField(label="Their support plan was reviewed with them", required=False)
    reasonable_adjustments = _text(
        "Reasonable adjustments offered",
        rows=3,
        help_text="For example, letters read aloud, an advocate at meetings, or meeting at a quieter time "
        "(Equality Act 2010 s20).",
    )
    why_support_not_enough = _text(
        "Why the support was not enough",
        required=True,
        error_messages={"required": "Say why the support offered was not enough."},
    )
    behaviour_agreement = _text(
        "Acceptable behaviour agreement",
        required=True,
        rows=6,
        help_text="What the resident and we each agree to do. Use plain words: it goes in the letter.",
        error_messages={"required": "Write the acceptable behaviour agreement that goes with it."},
    )
    expires_on = _date("Stops counting on", required=False)
    notice_served_on = _date("Notice served on", error_messages={"required": "Enter the date the notice was served."})
    notice_expires_on = _date("Notice ends on")
    prescribed_information_given = forms.BooleanField(
        label="The prescribed information was given with the notice",
        help_text="That they cannot be evicted without a court order, and where to get free advice.",
        error_messages={
            "required": "A notice to quit a licence must come with the prescribed information. Confirm it was given."
        },
    )
    review_on = _date(
        "Review date",
        help_text="You will get a reminder on this date.",
        error_messages={"required": "Choose a date to review how things are going."},
    )

    STEP_FIELDS = {
        LadderStep.SUPPORTIVE: [],
        LadderStep.FIRST_WARNING: ["why_support_not_enough", "expires_on"],
        LadderStep.FINAL_WARNING: ["why_support_not_enough", "behaviour_agreement", "expires_on"],
        LadderStep.NOTICE: ["why_support_not_enough", "notice_served_on", "notice_expires_on"],
        LadderStep.POSSESSION: ["why_support_not_enough"],
    }
    OPTIONAL_BY_STEP = [
        "why_support_not_enough",
        "behaviour_agreement",
        "expires_on",
        "notice_served_on",
        "notice_expires_on",
        "prescribed_information_given",
    ]

    def __init__(self, *args, step: int, agreement: Agreement, is_skip: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = LadderStep(step)
        wanted = set(self.STEP_FIELDS[self.step])
        if self.step == LadderStep.NOTICE and agreement.is_licence:
            wanted.add("prescribed_information_given")
        for name in self.OPTIONAL_BY_STEP:
            if name not in wanted:
                del self.fields[name]
        if not is_skip:
            del self.fields["skip_reason"]
        if self.step == LadderStep.POSSESSION:
            del self.fields["review_on"]
        self.fields["support_worker"].queryset = support_workers()
        self.fields["support_worker"].initial = agreement.person.key_support_worker_id
        today = timezone.localdate()
        self.fields["taken_on"].initial = today
        if "expires_on" in self.fields:
            lives = FIRST_WARNING_LIVES if self.step == LadderStep.FIRST_WARNING else FINAL_WARNING_LIVES
            self.fields["expires_on"].initial = default_expiry(self.step, today)
            self.fields["expires_on"].help_text = (
                f"After this date the warning no longer counts. Leave blank for the usual {lives.amount} months "
                "from the date of this step."
            )
        if self.step > LadderStep.SUPPORTIVE:
            self.fields["summary"].help_text = "Written in plain, kind words: this goes in the letter."
            self.fields[
                "support_offered"
            ].help_text = "The support on offer now. The letter tells them about it, in these words."
        if self.step == LadderStep.NOTICE:
            served, ends = self.fields["notice_served_on"], self.fields["notice_expires_on"]
            if agreement.is_licence:
                served.label, ends.label = "Notice to quit served on", "Notice to quit ends on"
                ends.error_messages["required"] = "Enter the date the notice to quit ends."
                ends.help_text = "At least 4 weeks after it is served (Protection from Eviction Act 1977 s5)."
            else:
                served.label = "Section 8 notice (Form 3) served on"
                ends.label = "Date court proceedings may start"
                ends.error_messages["required"] = "Enter the date court proceedings may start."
                ends.help_text = "As given in the notice for the grounds used (Housing Act 1988 s8)."

    def clean(self):
        data = super().clean()
        problem = grounds_problem(self.step, data.get("grounds") or [])
        if "grounds" in data and problem:
            self.add_error("grounds", problem)
        return data

    def service_kwargs(self) -> dict:
        """Every field the step shows, blank or not: the service's defaults treat blank as not given."""
        return dict(self.cleaned_data)
