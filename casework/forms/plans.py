"""Forms for the s189A assessment and the Personalised Housing Plan."""

from django import forms
from django.utils import timezone

from core.forms import DateInput, HearthForm, HearthModelForm

from ..models import Assessment, Party, PersonalisedHousingPlan, Scenario
from ..rules import PLAN_REVIEW_AFTER
from ..services.plans import StepDraft

OWN_ROWS = 3
PARTY_WORDS = {Party.APPLICANT: "Applicant", Party.COUNCIL: "Council"}
PARTY_TITLES = {
    Party.APPLICANT: "Steps the applicant will take",
    Party.COUNCIL: "Steps the council will take",
}


class AssessmentForm(HearthModelForm):
    class Meta:
        model = Assessment
        fields = ["circumstances", "housing_needs", "support_needs"]
        labels = {
            "circumstances": "What led to them becoming homeless, or being threatened with it",
            "housing_needs": "Housing needs",
            "support_needs": "Support needs",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class ScenarioForm(HearthForm):
    scenario = forms.ChoiceField(
        label="What is the main reason they are losing their home?",
        choices=Scenario.choices,
        widget=forms.RadioSelect,
        help_text="We start the plan with common steps for this situation. You can change every word.",
    )


class PlanForm(HearthForm):
    """The plan's steps, in two groups. Menu or existing steps come ticked and editable; empty rows add more.

    `rows` is `{party: [text, ...]}`: the scenario's menu for a new plan, the current steps for a new version.
    """

    summary = forms.CharField(
        label="What we agreed, in plain words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A short summary the applicant will read at the top of their plan.",
    )
    review_on = forms.DateField(label="Review the plan by", widget=DateInput)

    def __init__(self, *args, rows: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.groups: dict[str, list[tuple[forms.BoundField | None, forms.BoundField]]] = {}
        for party in (Party.APPLICANT, Party.COUNCIL):
            for i, text in enumerate(rows.get(party, []), start=1):
                self.fields[f"{party}-{i}-keep"] = forms.BooleanField(
                    label=f"Include {PARTY_WORDS[party].lower()} step {i}", required=False, initial=True
                )
                self.fields[f"{party}-{i}-text"] = forms.CharField(
                    label=f"{PARTY_WORDS[party]} step {i}",
                    required=False,
                    initial=text,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            for j in range(1, OWN_ROWS + 1):
                self.fields[f"{party}-new-{j}"] = forms.CharField(
                    label=f"{PARTY_WORDS[party]} step of your own ({j})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        # Errors the service puts on the groups as a whole land here (see add_validation_error).
        for party in (Party.APPLICANT, Party.COUNCIL):
            self.fields[f"{party}_steps"] = forms.CharField(
                label=PARTY_TITLES[party], required=False, widget=forms.HiddenInput
            )
        if not self.is_bound:
            self.initial.setdefault("review_on", PLAN_REVIEW_AFTER.due(timezone.localdate()))

    def group(self, party: str) -> dict:
        """The bound fields of one group, for the template: the ticked rows and the empty ones."""
        rows = [(self[f"{party}-{i}-keep"], self[f"{party}-{i}-text"]) for i in range(1, len(self.rows[party]) + 1)]
        own = [self[f"{party}-new-{j}"] for j in range(1, OWN_ROWS + 1)]
        return {"title": PARTY_TITLES[party], "rows": rows, "own": own, "errors": self[f"{party}_steps"].errors}

    def applicant_group(self):
        return self.group(Party.APPLICANT)

    def council_group(self):
        return self.group(Party.COUNCIL)

    def clean(self):
        data = super().clean()
        for party in (Party.APPLICANT, Party.COUNCIL):
            for i in range(1, len(self.rows.get(party, [])) + 1):
                if data.get(f"{party}-{i}-keep") and not (data.get(f"{party}-{i}-text") or "").strip():
                    self.add_error(f"{party}-{i}-text", "Write the step, or untick it to leave it out.")
        return data

    def steps(self) -> list[StepDraft]:
        data = self.cleaned_data
        steps = []
        for party in (Party.APPLICANT, Party.COUNCIL):
            for i in range(1, len(self.rows.get(party, [])) + 1):
                if data.get(f"{party}-{i}-keep"):
                    steps.append(StepDraft(party, data[f"{party}-{i}-text"]))
            for j in range(1, OWN_ROWS + 1):
                if data.get(f"{party}-new-{j}", "").strip():
                    steps.append(StepDraft(party, data[f"{party}-new-{j}"]))
        return steps


def rows_from_plan(plan: PersonalisedHousingPlan) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {Party.APPLICANT: [], Party.COUNCIL: []}
    for step in plan.steps.all():
        rows[step.party].append(step.text)
    return rows
