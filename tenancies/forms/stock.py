"""Forms for stock and residents."""

from django import forms

from core.forms import DateInput, HearthForm, HearthModelForm
from people.models import Person, SupportNote, normalise_ni_number, validate_ni_number

DATE = DateInput()


class PersonSearchForm(HearthForm):
    q = forms.CharField(
        label="Search residents",
        required=False,
        help_text="Name, date of birth (like 21/03/1990) or National Insurance number.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class PersonForm(HearthModelForm):
    ni_number = forms.CharField(
        label="National Insurance number",
        required=False,
        max_length=16,
        help_text="Like AB 12 34 56 C. Spaces do not matter.",
        validators=[validate_ni_number],
    )

    class Meta:
        model = Person
        fields = [
            "legal_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "ni_number",
            "phone",
            "email",
            "communication_preferences",
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
            "key_support_worker",
        ]
        widgets = {"date_of_birth": DATE, "communication_preferences": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts import roles
        from accounts.models import User

        self.fields["key_support_worker"].queryset = User.objects.filter(
            groups__name=roles.SUPPORT_WORKER, is_active=True
        ).order_by("full_name")

    def clean_ni_number(self):
        return normalise_ni_number(self.cleaned_data["ni_number"])


class SupportNoteForm(HearthModelForm):
    class Meta:
        model = SupportNote
        fields = ["written_on", "text"]
        widgets = {"written_on": DATE, "text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "Note"}
