"""Middleware shared by every app."""

import re

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect

from .models import SubmissionToken

TOKEN_FIELD = "_submission"
TOKEN_PATTERN = re.compile(r"[0-9a-f]{1,64}")
ALREADY_SENT = "That was already sent, so nothing was saved twice."
LOCATION_LENGTH = SubmissionToken._meta.get_field("location").max_length


def _success_location(response) -> str | None:
    """Where a successful submission sent the user; None when the view did not say it succeeded.

    Views say so by redirecting (post/redirect/get); htmx views may redirect with HX-Redirect.
    """
    if 300 <= response.status_code < 400 and response.has_header("Location"):
        return response["Location"]
    if response.has_header("HX-Redirect"):
        return response["HX-Redirect"]
    return None


class IdempotentSubmissionMiddleware:
    """Handle each form submission at most once, so a double-click or a retry never duplicates.

    Forms carry a one-time token (`{% submission_token %}`). The token is recorded in the same
    transaction as the view's writes: if the view fails, both roll back and a retry is allowed;
    if the view re-renders the form (errors), the token is released so the corrected form can be
    sent; if the view redirects, the token is kept with where it went, and a repeat is sent there
    without calling the view. On PostgreSQL a concurrent repeat waits on the unique index until
    the first commits, then takes the repeat path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = self._token(request)
        if token is None:
            return self.get_response(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = SubmissionToken.objects.create(user=request.user, token=token)
            except IntegrityError:
                return self._repeat(request, token)
            response = self.get_response(request)
            location = _success_location(response)
            if location is None:
                row.delete()
            elif len(location) <= LOCATION_LENGTH:
                row.location = location
                row.save(update_fields=["location"])
            return response

    @staticmethod
    def _token(request) -> str | None:
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        token = request.POST.get(TOKEN_FIELD, "")
        return token if TOKEN_PATTERN.fullmatch(token) else None

    @staticmethod
    def _repeat(request, token):
        row = SubmissionToken.objects.filter(user=request.user, token=token).first()
        location = (row.location if row else "") or request.get_full_path()
        messages.info(request, ALREADY_SENT, fail_silently=True)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = location
            return response
        return HttpResponseRedirect(location)
