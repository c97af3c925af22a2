"""Forms for approaches, triage, assignment and closing a case."""

from django import forms
from django.db.models import Q
from django.utils import dateformat, timezone

from accounts import roles
from accounts.models import Team, User
from core.forms import DateInput, HearthForm, HearthModelForm
from people.models import Person, normalise_ni_number, validate_ni_number

from ..models import Case, HclicCategory

YES_NO_UNKNOWN = [("", "Not known yet"), ("true", "Yes"), ("false", "No")]


def yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def hclic_field(list_id: str, label: str, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=HclicCategory.objects.of(list_id), label=label, required=False, empty_label="Choose…", **kwargs
    )


class CaseFilterForm(HearthForm):
    SORTS = [("deadline", "Next deadline first"), ("newest", "Newest first"), ("name", "Name")]
    q = forms.CharField(label="Name or case reference", required=False)
    officer = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Anyone")
    unassigned = forms.BooleanField(label="Unassigned only", required=False)
    status = forms.ChoiceField(
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], required=False, initial="open"
    )
    sort = forms.ChoiceField(choices=SORTS, required=False, initial="deadline")

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class ApproachForm(HearthForm):
    """A new approach: who they are, how they came to us, and consent where someone referred them."""

    legal_name = forms.CharField(label="Full name", max_length=150)
    preferred_name = forms.CharField(label="Name they like to be called", max_length=150, required=False)
    date_of_birth = forms.DateField(widget=DateInput, required=False)
    ni_number = forms.CharField(label="National Insurance number", max_length=13, required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    preferred_contact = forms.ChoiceField(
        label="Preferred way of contact", choices=[("", "Choose…"), *Case.ContactMethod.choices], required=False
    )
    communication_preferences = forms.CharField(
        label="When and how to contact them", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    approached_on = forms.DateField(label="Date of approach", widget=DateInput, initial=timezone.localdate)
    source = forms.ChoiceField(
        label="How they came to us", choices=[c for c in Case.Source.choices if c[0] != Case.Source.HEARTH]
    )
    referring_body = hclic_field("duty_to_refer_public_body", "Public authority referring (duty to refer)")
    referrer_name = forms.CharField(label="Referring organisation or worker", max_length=200, required=False)
    consent_given = forms.BooleanField(
        label="They agreed to the referral and to us holding their details",
        required=False,
        help_text="Needed when someone else referred them.",
    )
    consent_how = forms.CharField(label="How they gave consent", max_length=200, required=False)
    previous_reference = forms.CharField(
        label="Existing case reference", max_length=60, required=False, help_text="From an earlier case or system."
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    match = forms.CharField(label="Is this someone we already know?", required=False, widget=forms.HiddenInput)
    not_duplicate_reason = forms.CharField(
        label="How you know this is someone else",
        required=False,
        max_length=1000,
        widget=forms.HiddenInput,
        help_text='For example "different middle name and NI number, checked with them".',
    )

    SOMEONE_ELSE = "new"

    def __init__(self, *args, teams, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.user = user
        self.known_matches: list[Person] = []
        self.hidden_match_count = 0

    def _visible_people(self):
        """People this user may see: through any module's scope, or through a case they can see."""
        return Person.objects.filter(
            Q(pk__in=Person.objects.visible_to(self.user).values("pk"))
            | Q(pk__in=Case.objects.visible_to(self.user).values("person_id"))
        )

    def _offer(self, matches: list[Person]) -> None:
        details = self.person_fields()
        open_cases = dict(
            Case.objects.open().visible_to(self.user).filter(person__in=matches).values_list("person_id", "reference")
        )
        choices = []
        for person in matches:
            born = (
                dateformat.format(person.date_of_birth, "j F Y") if person.date_of_birth else "date of birth not known"
            )
            label = f"{person.legal_name}, born {born}"
            if person.ni_number:
                label += f", NI {person.masked_ni_number}"
            if person.pk in open_cases:
                label += f". Open case {open_cases[person.pk]}"
            label += f" (same {', '.join(person.matched_on(**details))})"
            choices.append((str(person.pk), label))
        choices.append((self.SOMEONE_ELSE, "No, this is someone else"))
        self.fields["match"].widget = forms.RadioSelect(choices=choices)
        self.fields["not_duplicate_reason"].widget = forms.Textarea(attrs={"rows": 2})
        if self.hidden_match_count:
            self.fields["match"].help_text = (
                f"{self.hidden_match_count} more {'record' if self.hidden_match_count == 1 else 'records'} "
                "you cannot see also match. If you think it is the same person, ask your team leader or an "
                "administrator before going on."
            )
        self._bound_fields_cache.pop("match", None)  # a bound field copies its help text when first made

    def clean_ni_number(self):
        value = self.cleaned_data["ni_number"]
        validate_ni_number(value)
        return normalise_ni_number(value)

    def _check_matches(self, data) -> None:
        """Someone already known is offered first; a new record that looks like them needs a reason."""
        if any(name in self.errors for name in ("legal_name", "date_of_birth", "ni_number", "phone", "email")):
            return
        matches = list(Person.objects.likely_matches(**self.person_fields()))
        if not matches:
            return
        visible = set(self._visible_people().filter(pk__in=[p.pk for p in matches]).values_list("pk", flat=True))
        self.known_matches = [person for person in matches if person.pk in visible]
        self.hidden_match_count = len(matches) - len(self.known_matches)
        self._offer(self.known_matches)
        choice = data.get("match")
        if choice == self.SOMEONE_ELSE:
            if not data.get("not_duplicate_reason", "").strip():
                self.add_error("not_duplicate_reason", "Say how you know this is someone else.")
        elif choice and choice in {str(person.pk) for person in self.known_matches}:
            data["existing"] = next(person for person in self.known_matches if str(person.pk) == choice)
        else:
            self.add_error(
                "match", "Someone with these details is already known. Choose them, or say this is someone else."
            )

    def clean(self):
        data = super().clean()
        self._check_matches(data)
        source = data.get("source")
        if source == Case.Source.DUTY_TO_REFER and not data.get("referring_body"):
            self.add_error("referring_body", "Choose the public authority that referred them.")
        if source and source != Case.Source.SELF:
            if not data.get("consent_given"):
                self.add_error("consent_given", "A referral needs the person's consent. Record it before going on.")
            elif not data.get("consent_how"):
                self.add_error("consent_how", "Say how they gave consent, for example 'verbally, on the phone'.")
        return data

    def person_fields(self) -> dict:
        keys = (
            "legal_name",
            "preferred_name",
            "date_of_birth",
            "ni_number",
            "phone",
            "email",
            "communication_preferences",
        )
        return {key: self.cleaned_data[key] or ("" if key != "date_of_birth" else None) for key in keys}


class TriageForm(HearthModelForm):
    homeless_tonight = yes_no("Do they have nowhere safe to stay tonight?")
    threatened_within_56_days = yes_no("Are they likely to lose their home within 56 days?")
    notice_valid = yes_no("Is the notice valid?")
    reason_to_believe_priority_need = yes_no(
        "Is there reason to believe they may be in priority need?",
        "For example children, pregnancy, vulnerability, domestic abuse. With nowhere to stay, this means "
        "interim accommodation (s188).",
    )
    outcome = forms.ChoiceField(
        label="Triage outcome", choices=[c for c in Case.TriageOutcome.choices if c[0] != Case.TriageOutcome.PENDING]
    )

    class Meta:
        model = Case
        fields = [
            "homeless_tonight",
            "threatened_within_56_days",
            "notice_type",
            "notice_served_on",
            "notice_expires_on",
            "notice_valid",
            "eligibility",
            "reason_to_believe_priority_need",
            "accommodation_at_approach",
            "reason_for_loss",
            "reason_detail",
            "host_name",
            "host_relationship",
            "host_phone",
            "risk_summary",
        ]
        widgets = {"notice_served_on": DateInput, "notice_expires_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, list_id in (
            ("accommodation_at_approach", "accommodation_at_application"),
            ("reason_for_loss", "reason_loss_settled_home"),
        ):
            self.fields[name].queryset = HclicCategory.objects.of(list_id)
            self.fields[name].empty_label = "Choose…"
        self.fields["outcome"].initial = Case.TriageOutcome.APPLICATION

    def clean(self):
        data = super().clean()
        if data.get("notice_type") and data["notice_type"] != Case.Notice.NONE and not data.get("notice_expires_on"):
            self.add_error("notice_expires_on", "Enter the date the notice ends.")
        return data


class AssignForm(HearthForm):
    officer = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Nobody (unassigned)")

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(
            team=team, is_active=True, groups__name__in=[roles.PREVENTION_OFFICER, roles.TEAM_LEADER]
        ).distinct()


class CloseForm(HearthForm):
    outcome = forms.ChoiceField(choices=[("", "Choose…"), *Case.Outcome.choices])
    closed_on = forms.DateField(label="Closing date", widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AcceptReferralForm(HearthForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class CaseDetailsForm(HearthModelForm):
    """What the H-CLIC return and the plan need to know about the household, and who else may read the case."""

    class Meta:
        model = Case
        fields = [
            "household_composition",
            "support_needs",
            "income_summary",
            "partner_income_weekly",
            "preferred_contact",
            "named_workers",
        ]
        widgets = {
            "support_needs": forms.CheckboxSelectMultiple,
            "named_workers": forms.CheckboxSelectMultiple,
            "income_summary": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "support_needs": "Support needs of the household",
            "named_workers": "Support workers who may read this case",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household_composition"].queryset = HclicCategory.objects.of("household_composition")
        self.fields["household_composition"].empty_label = "Choose…"
        self.fields["support_needs"].queryset = HclicCategory.objects.of("support_needs")
        self.fields["named_workers"].queryset = User.objects.filter(
            groups__name=roles.SUPPORT_WORKER, is_active=True
        ).order_by("full_name")
        self.fields["named_workers"].help_text = "They see the case summary only, never safeguarding or documents."
