"""Forms for house meetings, their actions and resident involvement."""

from datetime import date

from django import forms
from django.utils import timezone

from core.forms import HearthForm, HearthModelForm

from ..models import HouseMeeting, Involvement, MeetingAction, Scheme
from ..services.meetings import recent_residents, residents_on, staff_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def staff_label(user) -> str:
    return f"{user.full_name or user.email}" + (f" ({user.job_title})" if user.job_title else "")


def _bound_date(form: forms.BaseForm, field: str) -> date | None:
    """The date typed into a bound form, if it is a valid date (before full validation)."""
    if not form.is_bound:
        return None
    try:
        return form.fields[field].clean(form.data.get(form.add_prefix(field)))
    except forms.ValidationError:
        return None


class SchemeFilterForm(HearthForm):
    """The scheme filter on list pages (only schemes the user can see)."""

    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), required=False, empty_label="All schemes")

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].error_messages["invalid_choice"] = "Choose a scheme from the list."


class SchemeChoiceForm(HearthForm):
    """Which scheme a new complaint or meeting belongs to, for users who cover more than one."""

    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), empty_label="Choose a scheme")

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].error_messages["invalid_choice"] = "Choose a scheme from the list."


class InvolvementFilterForm(SchemeFilterForm):
    kind = forms.ChoiceField(label="Type", choices=[("", "All types"), *Involvement.Kind.choices], required=False)


class MeetingForm(HearthModelForm):
    """A house meeting. Residents present: people with a current agreement in the scheme that day."""

    class Meta:
        model = HouseMeeting
        fields = ["held_on", "agenda", "minutes", "residents_present", "staff_present"]
        labels = {"held_on": "Date of the meeting"}
        widgets = {
            "held_on": DATE,
            "residents_present": forms.CheckboxSelectMultiple,
            "staff_present": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "minutes": "What was discussed and agreed. You can add them later.",
            "residents_present": "Residents living at the scheme on the meeting date.",
        }

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        if self.instance.pk:
            on = self.instance.held_on
        else:
            on = _bound_date(self, "held_on") or timezone.localdate()
            self.initial.setdefault("held_on", timezone.localdate())
        residents = self.fields["residents_present"]
        residents.queryset = residents_on(scheme, on).order_by("legal_name", "pk")
        residents.error_messages["invalid_choice"] = (
            "Choose residents who lived at the scheme on the meeting date. The list now shows who lived there that day."
        )
        staff = self.fields["staff_present"]
        staff.queryset = staff_for(scheme)
        staff.label_from_instance = staff_label
        staff.error_messages["invalid_choice"] = "Choose staff from the list."


class MeetingEditForm(MeetingForm):
    """Write up the minutes and correct who was there (the date stays as recorded)."""

    class Meta(MeetingForm.Meta):
        fields = ["agenda", "minutes", "residents_present", "staff_present"]


class MeetingActionForm(HearthModelForm):
    class Meta:
        model = MeetingAction
        fields = ["description", "owner", "due_on"]
        labels = {"description": "What needs doing", "owner": "Who will do it", "due_on": "Due by"}
        widgets = {"due_on": DATE}

    def __init__(self, *args, meeting: HouseMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = staff_for(meeting.scheme)
        owner.label_from_instance = staff_label
        owner.empty_label = "Choose a member of staff"
        owner.error_messages["invalid_choice"] = "Choose a member of staff from the list."


class InvolvementForm(HearthModelForm):
    class Meta:
        model = Involvement
        fields = ["kind", "received_on", "person", "details"]
        labels = {"kind": "Type", "received_on": "Date", "person": "Resident"}
        widgets = {"received_on": DATE, "details": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"person": "Leave blank if it came from the house as a whole or someone asked not to be named."}

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_on", timezone.localdate())
        person = self.fields["person"]
        person.queryset = recent_residents(scheme).order_by("legal_name", "pk")
        person.empty_label = "Not linked to a resident"
        person.error_messages["invalid_choice"] = "Choose a resident from the list."
