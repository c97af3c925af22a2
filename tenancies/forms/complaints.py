"""Forms for each step of a complaint under the Complaint Handling Code, and the figures page."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.forms import HearthForm, HearthModelForm, check_period

from ..models import Complaint, Scheme
from ..services.complaints import DIFFERENT_HANDLER_MESSAGE
from ..services.meetings import housing_staff, recent_residents
from .meetings import DATE, SchemeFilterForm, staff_label


def _today():
    return timezone.localdate()


class ComplaintFilterForm(SchemeFilterForm):
    status = forms.ChoiceField(
        label="Show",
        choices=[("open", "Open complaints"), ("closed", "Closed complaints"), ("all", "All complaints")],
        required=False,
    )


class ComplaintForm(HearthModelForm):
    """Log a stage 1 complaint."""

    class Meta:
        model = Complaint
        fields = ["received_on", "person", "complainant_name", "summary", "stage1_handler"]
        labels = {
            "received_on": "Date the complaint was received",
            "person": "Resident making the complaint",
            "complainant_name": "Or the name of the person complaining",
            "summary": "What the complaint is about",
            "stage1_handler": "Who will handle it at stage 1",
        }
        widgets = {"received_on": DATE, "summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "received_on": "However it was made: in person, by phone, by email, by letter or through someone else.",
            "complainant_name": "For example a relative, advocate or neighbour who is not a resident.",
        }

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_on", _today())
        person = self.fields["person"]
        person.queryset = recent_residents(scheme).order_by("legal_name", "pk")
        person.empty_label = "Not a resident"
        person.error_messages["invalid_choice"] = "Choose a resident from the list."
        handler = self.fields["stage1_handler"]
        handler.required = True
        handler.queryset = housing_staff()
        handler.label_from_instance = staff_label
        handler.empty_label = "Choose a member of staff"
        handler.error_messages["invalid_choice"] = "Choose a member of staff from the list."


class AcknowledgeForm(HearthForm):
    acknowledged_on = forms.DateField(
        label="Date acknowledged",
        widget=DATE,
        initial=_today,
        help_text="When you told the resident you have logged their complaint and what you understand it to be.",
    )


class ExtendForm(HearthForm):
    extended_to = forms.DateField(label="New response date", widget=DATE)
    reason = forms.CharField(
        label="Why more time is needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Tell the resident this reason and the new date, with the Housing Ombudsman's contact details.",
    )

    def __init__(self, *args, limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if limit is not None:
            self.fields["extended_to"].help_text = f"No later than {limit:%-d %B %Y}."


class RespondForm(HearthForm):
    responded_on = forms.DateField(label="Date the response was sent", widget=DATE, initial=_today)
    response = forms.CharField(
        label="The response",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The decision, the reasons for it, any remedy offered, anything still to do, and what to do next "
        "if they are not happy.",
    )


class EscalateForm(HearthForm):
    requested_on = forms.DateField(
        label="Date the resident asked for stage 2",
        widget=DATE,
        initial=_today,
        help_text="Residents do not have to give a reason for asking.",
    )
    handler = forms.ModelChoiceField(
        label="Who will look at it at stage 2",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a member of staff",
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        handler = self.fields["handler"]
        handler.queryset = housing_staff()
        handler.label_from_instance = staff_label
        handler.error_messages["invalid_choice"] = "Choose a member of staff from the list."
        if complaint.stage1_handler:
            handler.help_text = f"Someone other than {complaint.stage1_handler}, who handled stage 1."

    def clean_handler(self):
        handler = self.cleaned_data["handler"]
        if self.complaint.stage1_handler_id and handler.pk == self.complaint.stage1_handler_id:
            raise forms.ValidationError(DIFFERENT_HANDLER_MESSAGE.format(name=self.complaint.stage1_handler))
        return handler


class CloseForm(HearthForm):
    closed_on = forms.DateField(label="Date closed", widget=DATE, initial=_today)


class FiguresForm(HearthForm):
    """The reporting period for the regulator's measures (default: the last 12 months)."""

    start = forms.DateField(label="From", widget=DATE)
    end = forms.DateField(label="To", widget=DATE)
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), required=False, empty_label="All schemes")

    def __init__(self, data=None, *, schemes, **kwargs):
        today = _today()
        defaults = {"start": today - relativedelta(years=1) + timedelta(days=1), "end": today}
        if data is not None and not any(data.get(name) for name in ("start", "end", "scheme")):
            data = None
        super().__init__(data, initial=defaults, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].error_messages["invalid_choice"] = "Choose a scheme from the list."

    def clean(self):
        cleaned = super().clean()
        check_period(self, cleaned)
        return cleaned

    def period(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"], self.cleaned_data["scheme"]
        return self.initial["start"], self.initial["end"], None
