"""One email address, one identity: `X@Example.org ` and `x@example.org` are the same person.

Sign-in, the lockout and password reset all key on `normalise_email`, so case or
surrounding space can neither open a second account nor dodge a lockout.
"""

from django.conf import settings


def normalise_email(value) -> str:
    return str(value or "").strip().lower()


def axes_username(request, credentials=None) -> str:
    """django-axes' AXES_USERNAME_CALLABLE: count failures against the normalised email."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalise_email(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_email(data.get(field, ""))
