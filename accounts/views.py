from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django_ratelimit.core import is_ratelimited

from core.viewkit import form_view

from .forms import (
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    HearthPasswordChangeForm,
    HearthSetPasswordForm,
    ProfileForm,
)
from .identity import normalise_email
from .services import user_update_preferences


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = HearthPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    """Reset links are rate-limited per address and per client, so the form cannot be used to flood an inbox.

    The pause looks the same for known and unknown addresses, so it reveals nobody's account.
    """

    form_class = EmailPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        limited = [
            is_ratelimited(
                self.request,
                group="password-reset-client",
                key=lambda group, request: get_client_ip_address(request) or "unknown",
                rate=settings.PASSWORD_RESET_RATE_PER_CLIENT,
                increment=True,
            ),
            is_ratelimited(
                self.request,
                group="password-reset-email",
                key=lambda group, request: normalise_email(email),
                rate=settings.PASSWORD_RESET_RATE_PER_EMAIL,
                increment=True,
            ),
        ]
        if any(limited):
            form.add_error(
                None,
                "Too many reset requests have been made for this address or from this device. "
                "Please wait an hour and try again, or ask your Hearth administrator.",
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = HearthSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


def profile(request):
    """A bound form on every POST: an unticked box sends nothing, and that is still a choice."""
    return form_view(
        request,
        ProfileForm(
            request.POST if request.method == "POST" else None,
            initial={"email_notifications": request.user.email_notifications, "phone": request.user.phone},
        ),
        template="accounts/profile.html",
        save=lambda form: user_update_preferences(
            user=request.user,
            email_notifications=form.cleaned_data["email_notifications"],
            phone=form.cleaned_data["phone"],
        ),
        success="Your preferences are saved.",
        then="accounts:profile",
    )
