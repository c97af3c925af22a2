"""Forms for checks: filtering the grid and the list, recording a check with its findings."""

from django import forms

from core.forms import DateInput, HearthForm
from tenancies.models import Property, Scheme

from ..models import ActionPriority, CheckRecord, CheckType, ScheduledCheck
from ..rules import CERTIFICATE_MAX_BYTES

FINDING_ROWS = 3


class ComplianceFilterForm(HearthForm):
    scheme = forms.ModelChoiceField(label="Scheme", queryset=Scheme.objects.none(), required=False, empty_label="All")
    check_type = forms.ModelChoiceField(
        label="Check", queryset=CheckType.objects.filter(active=True), required=False, empty_label="All"
    )
    status = forms.ChoiceField(label="Status", choices=[("", "Any"), *ScheduledCheck.Status.choices], required=False)

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class BuildingChoiceForm(HearthForm):
    building = forms.ModelChoiceField(label="Building", queryset=Property.objects.none(), empty_label="Choose")

    def __init__(self, *args, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings


class CheckRecordForm(HearthForm):
    done_on = forms.DateField(
        label="Date done",
        widget=DateInput,
        error_messages={"required": "Enter the date the check was done.", "invalid": "Enter a real date."},
    )
    outcome = forms.ChoiceField(label="Outcome", choices=CheckRecord.Outcome.choices, widget=forms.RadioSelect)
    contractor_name = forms.CharField(
        label="Contractor or engineer", required=False, max_length=150, help_text="Leave empty for a staff check."
    )
    contractor_registration = forms.CharField(label="Registration number", required=False, max_length=40)
    certificate = forms.FileField(
        label="Certificate",
        required=False,
        help_text=f"A PDF, or a photo of it (JPEG, PNG, WEBP or GIF), up to {CERTIFICATE_MAX_BYTES // 2**20} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )
    certificate_expires_on = forms.DateField(
        label="Certificate expires", required=False, widget=DateInput, help_text="Only if the certificate says."
    )
    access_attempt = forms.CharField(
        label="If you could not get in",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="When you tried, how, and whether you left a notice.",
    )

    def __init__(self, *args, check_type: CheckType, **kwargs):
        super().__init__(*args, **kwargs)
        self.check_type = check_type
        if check_type.registration_label:
            self.fields["contractor_registration"].label = check_type.registration_label
        if check_type.is_staff_check:
            for name in ("contractor_name", "contractor_registration", "certificate", "certificate_expires_on"):
                del self.fields[name]
        else:
            # Needed unless no one could get in (the service says which is missing), so not "optional".
            needed = ["contractor_name", "certificate"] + (
                ["contractor_registration"] if check_type.registration_label else []
            )
            for name in needed:
                self.fields[name].conditional = True
                self.fields[name].help_text = " ".join(
                    filter(None, [self.fields[name].help_text, "Needed unless no one could get in."])
                )
        priorities = ActionPriority.objects.filter(active=True)
        for row in range(1, FINDING_ROWS + 1):
            self.fields[f"finding_{row}"] = forms.CharField(
                label=f"Finding {row}: what needs putting right",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="What needs putting right. Each finding becomes an action." if row == 1 else "",
            )
            self.fields[f"priority_{row}"] = forms.ModelChoiceField(
                label=f"Finding {row}: how soon", queryset=priorities, required=False, empty_label="Choose"
            )

    def clean(self):
        cleaned = super().clean()
        for row in range(1, FINDING_ROWS + 1):
            if (cleaned.get(f"finding_{row}") or "").strip() and not cleaned.get(f"priority_{row}"):
                self.add_error(f"priority_{row}", "Choose how soon this finding must be put right.")
        return cleaned

    def findings(self):
        from ..services.checks import Finding

        return [
            Finding(self.cleaned_data[f"finding_{row}"], self.cleaned_data[f"priority_{row}"])
            for row in range(1, FINDING_ROWS + 1)
            if (self.cleaned_data.get(f"finding_{row}") or "").strip()
        ]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "done_on": data["done_on"],
            "outcome": data["outcome"],
            "findings": self.findings(),
            "access_attempt": data.get("access_attempt", ""),
            "contractor_name": data.get("contractor_name", ""),
            "contractor_registration": data.get("contractor_registration", ""),
            "certificate": data.get("certificate") or None,
            "certificate_expires_on": data.get("certificate_expires_on"),
        }


class ReportForm(HearthForm):
    scheme = forms.ModelChoiceField(
        label="Scheme", queryset=Scheme.objects.none(), required=False, empty_label="All the schemes I can see"
    )
    on = forms.DateField(
        label="The position on",
        widget=DateInput,
        error_messages={"required": "Enter the date the report is for.", "invalid": "Enter a real date."},
    )

    def __init__(self, *args, schemes, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.today = today

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > self.today:
            raise forms.ValidationError("The report can only show a day that has happened: choose today or earlier.")
        return on
