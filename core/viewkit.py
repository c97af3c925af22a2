"""The few shapes every Hearth view takes, so each view is a few lines and each rule break looks the same.

- `get_visible`: fetch one record through its queryset's `visible_to(user)`; 404 outside the
  user's scope (so a record's existence is not revealed), 403 when the role may not act on it.
- `form_view`: show a form; on a valid POST call a service; a rule break the service raises
  (`ValidationError`) is shown on the form; on success say so and redirect.
- `post_action`: a button that calls a service (no form); a rule break becomes an error message.
- `query_id`: a record id from the query string (`?unit=12`), or None for anything that is not one.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404, redirect, render

from .forms import add_validation_error


def require_perm(user, perm: str | None) -> None:
    """403 unless the user's role grants `perm` (model-level; object scope is `visible_to`'s job)."""
    if perm and not user.has_perm(perm):
        raise PermissionDenied


def get_visible(source: type[Model] | QuerySet, user, *, perm: str | None = None, **lookup) -> Any:
    """The record matching `lookup` that `user` may see: 404 outside their scope, 403 if `perm` is not theirs."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    obj = get_object_or_404(queryset.visible_to(user), **lookup)
    require_perm(user, perm)
    return obj


# The largest id a query string may name: a BigAutoField's (PostgreSQL bigint, SQLite integer), so a
# lookup never overflows.
MAX_QUERY_ID = 2**63 - 1


def query_id(request, name: str) -> int | None:
    """`?name=` as a record id: ASCII digits only, at most `MAX_QUERY_ID`; None for anything else.

    `str.isdigit` and `str.isdecimal` accept other scripts' digits ("²", "٣"), so they are not used
    alone; a missing, empty, signed, spaced, decimal or overlong value is None, never an error.
    """
    value = request.GET.get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(MAX_QUERY_ID))):
        return None
    number = int(value)
    return number if number <= MAX_QUERY_ID else None


def _resolve(value, result):
    return value(result) if callable(value) else value


def form_view(
    request,
    form,
    *,
    template: str,
    save: Callable[[Any], Any],
    success: str | Callable[[Any], str],
    then: Any | Callable[[Any], Any] = None,
    context: dict | Callable[[], dict] | None = None,
):
    """GET or an invalid POST renders `template` with the form; a valid POST calls `save(form)`.

    `save` calls one service. A `ValidationError` from it lands on the form's fields (or at the
    top), and the form is shown again with nothing saved. Otherwise `success` (text, or a function
    of what `save` returned) becomes a message and the user goes to `then` (a URL, a model with
    `get_absolute_url`, or a function of the result; by default the result itself). `context` may
    be a function, called only when the page is rendered (a form that lives on a busy page).
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _resolve(success, result))
            return redirect(_resolve(then, result) if then is not None else result)
    extra = context() if callable(context) else context
    return render(request, template, {"form": form, **(extra or {})})


def post_action(request, action: Callable[[], Any], *, success: str | Callable[[Any], str], then: Any):
    """A button that calls one service: its rule break is an error message, its success a success message.

    Either way the user goes back to `then` (a URL or a model), where the message is shown.
    """
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _resolve(success, result))
    return redirect(then)
