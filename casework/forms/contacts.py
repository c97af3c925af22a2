"""Forms for the household, the contact log, referrals to support services and documents."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import DateInput, HearthForm, HearthModelForm

from ..models import ContactLog, HouseholdMember, ServiceReferral
from ..services.contacts import DOCUMENT_TYPES, MAX_DOCUMENT_MB


class _ServiceChecked:
    """The service checks the rules and saves; these forms only parse what was typed."""

    def _post_clean(self):
        pass


class MemberForm(_ServiceChecked, HearthModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["name", "relationship", "date_of_birth", "pregnant", "due_date"]
        labels = {
            "relationship": "Relationship to the applicant",
            "pregnant": "Pregnant",
            "due_date": "Due date",
        }
        help_texts = {
            "name": "The name they use.",
            "date_of_birth": "Leave blank if you do not know it yet.",
            "due_date": "Needed if they are pregnant. An estimate is fine.",
        }
        widgets = {"date_of_birth": DateInput, "due_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = [("", "Choose"), *HouseholdMember.Relationship.choices]
        self.fields["name"].error_messages["required"] = "Give their name."
        self.fields["relationship"].error_messages["required"] = "Choose how they are related to the applicant."


class ContactForm(HearthForm):
    happened_on = forms.DateField(
        label="Date", widget=DateInput, error_messages={"required": "Give the date of the contact."}
    )
    happened_time = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Give the time of the contact.", "invalid": "Enter a time, like 14:30."},
    )
    method = forms.ChoiceField(
        label="How",
        choices=ContactLog.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how the contact happened."},
    )
    direction = forms.ChoiceField(
        label="Who got in touch",
        choices=ContactLog.Direction.choices,
        widget=forms.RadioSelect,
        initial=ContactLog.Direction.OUT,
    )
    with_whom = forms.CharField(
        label="With whom", max_length=150, required=False, help_text="Leave blank if it was the applicant."
    )
    summary = forms.CharField(
        label="What was said or agreed",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write a short summary of the contact."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.initial.setdefault("happened_on", now.date())
        self.initial.setdefault("happened_time", now.strftime("%H:%M"))

    def happened_at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["happened_on"], data["happened_time"]))

    def on_form_fields(self, exc: ValidationError) -> ValidationError:
        """The service names the moment `happened_at`; this form asks for it as a date and a time."""
        if hasattr(exc, "error_dict") and "happened_at" in exc.error_dict:
            exc.error_dict["happened_on"] = exc.error_dict.pop("happened_at")
        return exc


class ServiceReferralForm(HearthForm):
    service = forms.ChoiceField(
        label="Kind of service",
        choices=[("", "Choose"), *ServiceReferral.Service.choices],
        error_messages={"required": "Choose the kind of service."},
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text="The service or organisation you are referring them to.",
        error_messages={"required": "Give the name of the organisation."},
    )
    referred_on = forms.DateField(label="Date of the referral", widget=DateInput, initial=timezone.localdate)
    consent_given = forms.BooleanField(
        label="They agreed to us sharing their details with this service", required=False
    )
    consent_how = forms.CharField(
        label="How they agreed",
        max_length=200,
        required=False,
        help_text="For example: verbally, on the phone; or signed form at the office.",
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ServiceReferralUpdateForm(HearthForm):
    status = forms.ChoiceField(label="Status", choices=ServiceReferral.Status.choices, widget=forms.RadioSelect)
    status_updated_on = forms.DateField(label="Date", widget=DateInput, initial=timezone.localdate)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DocumentForm(HearthForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What it is, for example 'Section 21 notice' or 'Payslip, October'.",
        error_messages={"required": "Give the document a title."},
    )
    file = forms.FileField(
        label="File",
        help_text=f"A PDF, photo or image, or a Word or OpenDocument file, up to {MAX_DOCUMENT_MB} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
        error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."},
    )
