"""Forms for uploading import files and resolving held rows."""

from django import forms

from core.forms import HearthForm

from ..models import ImportRow, RentAccount
from ..services.imports import normalise_reference

MAX_UPLOAD_MB = 10


class UploadForm(HearthForm):
    file = forms.FileField(
        label="CSV file",
        help_text="A CSV file saved as UTF-8, with the columns described below.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB. Split it and try again.")
        return upload


class ResolveRowForm(HearthForm):
    POST, SKIP = "post", "skip"

    decision = forms.ChoiceField(label="What should happen to this row?", widget=forms.RadioSelect)
    account = forms.CharField(
        label="Rent account reference",
        required=False,
        max_length=20,
        help_text="The account to post this to, like RA000123.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why you decided this. Needed if the row is not posted.",
    )

    def __init__(self, *args, row: ImportRow, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.accounts = accounts
        if row.status == ImportRow.Status.UNMATCHED:
            self.fields["decision"].choices = [
                (self.POST, "Post it to the account below"),
                (self.SKIP, "Do not post it"),
            ]
        else:
            del self.fields["account"]
            self.fields["decision"].choices = [
                (self.POST, f"Post it to {row.account.reference}" if row.account else "Post it"),
                (self.SKIP, "Do not post it"),
            ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.POST and "account" in self.fields:
            reference = normalise_reference(data.get("account") or "")
            if not reference:
                self.add_error("account", "Enter the rent account reference to post this to.")
            else:
                account = self.accounts.filter(reference__iexact=reference).first()
                if account is None:
                    self.add_error("account", f"No rent account you work with has the reference {reference}.")
                data["account_obj"] = account
        if data.get("decision") == self.SKIP and not (data.get("note") or "").strip():
            self.add_error("note", "Say why this row is not being posted.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "post": data["decision"] == self.POST,
            "account": data.get("account_obj"),
            "note": data.get("note") or "",
        }


def resolve_account_queryset(user):
    return RentAccount.objects.visible_to(user)
