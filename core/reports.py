"""Reports made in the background: a file too big to make within a request is asked for, made by a
Celery worker and announced in the requester's inbox, then deleted after `KEEP_FOR`.

An app registers what it can make with `@report_kind("app.name")` on a function
`build(user, params) -> Made`; the function applies the user's scope itself (it runs in the worker,
with the user who asked), and raises `CannotMake` with a plain-English reason when the request can no
longer be met (a scheme moved out of the user's sight, say). Any other error is logged and the
requester told it failed, so a report is never silently lost.

Making is idempotent: the file is stored and the report marked ready under a row lock, so a retried
or duplicated task stores one file and sends one message. A report still queued after
`REQUEUE_AFTER` (the broker was down when it was asked for, or a worker died mid-way: tasks are
acked late) is queued again by the five-minute sweep.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import GeneratedReport
from .services import enqueue, notify

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=7)
REQUEUE_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 200


@dataclass(frozen=True)
class Made:
    content: bytes
    filename: str
    content_type: str = "application/pdf"


class CannotMake(Exception):
    """The report cannot be made as asked; the message is shown to the requester."""


Builder = Callable[..., Made]
_kinds: dict[str, Builder] = {}


def report_kind(name: str):
    def register(build: Builder) -> Builder:
        _kinds[name] = build
        return build

    return register


def request_report(*, user, kind: str, title: str, params: dict) -> GeneratedReport:
    """Record what was asked for and queue its making once the request's transaction commits."""
    from . import tasks

    if kind not in _kinds:
        raise ValueError(f"No report kind {kind!r} is registered")
    now = timezone.now()
    report = GeneratedReport.objects.create(
        owner=user, kind=kind, title=title, params=params, requested_at=now, expires_at=now + KEEP_FOR
    )
    enqueue(tasks.make_report, report.pk)
    return report


def make_report(report_id: int) -> str:
    """Make one queued report; what it ended as ("ready", "failed", or "done" when it already was)."""
    report = GeneratedReport.objects.select_related("owner").filter(pk=report_id).first()
    if report is None or report.status != GeneratedReport.Status.QUEUED:
        return "done"
    build = _kinds.get(report.kind)
    made, error = None, ""
    if build is None:
        error = "This kind of report is no longer available."
    elif not report.owner.is_active:
        error = "The account that asked for it is no longer active."
    else:
        try:
            made = build(report.owner, report.params)
        except CannotMake as reason:
            error = str(reason)
        except Exception:
            logger.exception("Report %s (%s) could not be made", report.pk, report.kind)
            error = "Something went wrong while making it. Please ask again; if it fails again, tell an administrator."
    return _finish(report.pk, made, error)


def _finish(report_id: int, made: Made | None, error: str) -> str:
    with transaction.atomic():
        report = GeneratedReport.objects.select_for_update().select_related("owner").filter(pk=report_id).first()
        if report is None or report.status != GeneratedReport.Status.QUEUED:
            return "done"
        now = timezone.now()
        report.finished_at, report.expires_at = now, now + KEEP_FOR
        if made is not None:
            report.status = GeneratedReport.Status.READY
            report.filename, report.content_type = made.filename, made.content_type
            report.file.save(made.filename, ContentFile(made.content), save=False)
            subject, body = f"Your report is ready: {report.title}", "Open this message to download it."
        else:
            report.status, report.error = GeneratedReport.Status.FAILED, error
            subject, body = f"Your report could not be made: {report.title}", error
        report.save()
        notify(recipient=report.owner, key=f"report:{report.pk}", subject=subject, body=body, about=report)
    return report.status


def requeue_stalled(*, now=None) -> int:
    """Queue again the reports still waiting `REQUEUE_AFTER` after they were asked for."""
    from . import tasks

    now = now or timezone.now()
    stalled = list(
        GeneratedReport.objects.filter(status=GeneratedReport.Status.QUEUED, requested_at__lte=now - REQUEUE_AFTER)
        .order_by("requested_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in stalled:
        enqueue(tasks.make_report, pk)
    return len(stalled)


def delete_expired(*, now=None) -> int:
    """Delete the reports past their time, files first (a file left behind would be a copy of personal
    data nobody can see or delete)."""
    deleted = 0
    while batch := list(GeneratedReport.objects.expired(now).order_by("pk")[:SWEEP_BATCH]):
        for report in batch:
            if report.file:
                report.file.delete(save=False)
        deleted += GeneratedReport.objects.filter(pk__in=[r.pk for r in batch]).delete()[0]
    return deleted
