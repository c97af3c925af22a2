from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

from core.forms import HearthForm, HearthFormMixin

from .identity import normalise_email


class EmailAuthenticationForm(HearthFormMixin, AuthenticationForm):
    """No autofocus: it skips the skip link and surprises screen-reader users (WCAG 2.4.3)."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    error_messages = {
        "invalid_login": (
            "The email address or password is not right. Check them and try again. "
            "After several failed attempts, sign-in is paused for a while to keep accounts safe."
        ),
        "inactive": "This account is switched off. Ask your Hearth administrator for help.",
    }

    def clean_username(self):
        return normalise_email(self.cleaned_data.get("username"))


class EmailPasswordResetForm(HearthFormMixin, PasswordResetForm):
    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email"))


class ProfileForm(HearthForm):
    phone = forms.CharField(
        label="Work phone",
        max_length=40,
        required=False,
        help_text="Given to your team leader in a lone-working alert, so they can call you on a home visit.",
    )
    email_notifications = forms.BooleanField(
        required=False, label="Also email me my reminders", help_text="Reminders always appear in your Hearth inbox."
    )


class HearthPasswordChangeForm(HearthFormMixin, PasswordChangeForm):
    pass


class HearthSetPasswordForm(HearthFormMixin, SetPasswordForm):
    pass
