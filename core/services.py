"""Writes for notifications and the access log.

Every notification about a record names it (`notify(..., about=record)`, or `notify_about` for
several recipients), so it reaches only those who can open it; a message about no record (the
demo's welcome) has no `about`.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AccessLog, Notification, SubmissionToken

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> None:
    """Queue a Celery task once the transaction commits, never failing the request.

    What the task must do is already in the database (an email is marked pending), so a broker
    outage only delays it: the pending-email sweep finishes the work. Raising here would turn
    work the user has already saved into an error page, and a retry into a duplicate.
    """

    def send():
        try:
            task.delay(*args)
        except Exception:
            logger.warning("Could not queue %s%r; the pending sweep will finish it", task.name, args, exc_info=True)

    transaction.on_commit(send)


def _wants_email(recipient) -> bool:
    """Asked when the notification is made and again when its email is sent (preferences can change)."""
    return bool(recipient.email_notifications and recipient.email and recipient.is_active)


def notify(
    *,
    recipient,
    key: str,
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    about=None,
    openable: "Openable | None" = None,
) -> Notification | None:
    """Put a message in the recipient's inbox once per key; queue its email if they want email.

    A message `about` a record goes only to an active recipient who can open it (its model's
    `visible_to`): otherwise it would link to a 404 and its text would tell them about a record
    outside their scope. `url` then defaults to the record's page. Returns the new notification,
    or None when this key was already delivered or the recipient may not see it, so callers can
    count what a run really sent.
    """
    from . import tasks

    if about is not None:
        if not (recipient.is_active and (openable or Openable([about]))(recipient, about)):
            return None
        url = url or about.get_absolute_url()
    wants_email = email and _wants_email(recipient)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, key=key, subject=subject, body=body, url=url, email_pending=wants_email
            )
    except IntegrityError:
        return None
    if wants_email:
        enqueue(tasks.email_notification, notification.pk)
    return notification


class Openable:
    """Which records each user may open (their model's `visible_to`), asked once per user and model.

    A reminder job makes one for everything it is about to send, so a run costs one query per
    recipient and model however many records it covers.
    """

    def __init__(self, objects: Iterable = ()):
        self._ids: dict[type, set] = defaultdict(set)
        self._open: dict[tuple[int, type], set] = {}
        for obj in objects:
            self._ids[type(obj)].add(obj.pk)

    def __call__(self, user, obj) -> bool:
        model = type(obj)
        if obj.pk not in self._ids[model]:  # a record not given up front: ask everyone again
            self._ids[model].add(obj.pk)
            self._open = {asked: ids for asked, ids in self._open.items() if asked[1] is not model}
        known = self._open.get((user.pk, model))
        if known is None:
            ids = self._ids[model]
            known = set(model._default_manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
            self._open[(user.pk, model)] = known
        return obj.pk in known


def notify_about(
    obj,
    recipients: Iterable,
    *,
    key: str,
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    openable: Openable | None = None,
) -> int:
    """`notify` each of `recipients` (once each) about `obj`; those who cannot open it get nothing.

    Returns how many were newly told.
    """
    openable = openable or Openable([obj])
    people = {user.pk: user for user in recipients if user is not None}.values()
    return sum(
        notify(recipient=user, key=key, subject=subject, body=body, url=url, email=email, about=obj, openable=openable)
        is not None
        for user in people
    )


def email_notification(*, notification_id: int) -> bool:
    """Send one notification's email, at most once (the row is locked and stamped)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None or not notification.email_pending:
            return False
        if not _wants_email(notification.recipient):
            notification.email_pending = False
            notification.save(update_fields=["email_pending"])
            return False
        link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else settings.SITE_URL
        send_mail(
            subject=f"Hearth: {notification.subject}",
            message=f"{notification.body}\n\nOpen Hearth: {link}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.email_pending = False
        notification.save(update_fields=["emailed_at", "email_pending"])
    return True


PENDING_EMAIL_GRACE = timedelta(minutes=2)


def send_pending_emails(*, now=None, grace: timedelta = PENDING_EMAIL_GRACE) -> int:
    """Send every email still pending after a short grace (the queued task normally sends it first).

    Run every few minutes from beat and by `send_reminders`, so a broker outage or a failed
    SMTP attempt delays an email but never loses it; `email_notification` makes it exactly once.
    """
    cutoff = (now or timezone.now()) - grace
    ids = list(
        Notification.objects.filter(email_pending=True, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for notification_id in ids:
        try:
            sent += email_notification(notification_id=notification_id)
        except OSError:
            logger.warning("Email for notification %s failed; it stays pending", notification_id, exc_info=True)
    return sent


def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, recipient) -> int:
    return Notification.objects.for_user(recipient).unread().update(read_at=timezone.now())


def _access_entry(*, user, obj, what: str, request, content_type=None) -> AccessLog:
    return AccessLog(
        user=user if user and user.is_authenticated else None,
        content_type=content_type or ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        what=what,
        ip_address=request.META.get("REMOTE_ADDR") if request else None,
    )


def record_access(*, user, obj, what: str, request=None) -> AccessLog:
    """Log that `user` saw the sensitive part `what` of `obj`."""
    entry = _access_entry(user=user, obj=obj, what=what, request=request)
    entry.save()
    return entry


def record_access_many(*, user, objects, what: str, request=None) -> list[AccessLog]:
    """Log, in one query, that `user` saw the sensitive part `what` of each of `objects` (a list page)."""
    objects = list(objects)
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0])
    return AccessLog.objects.bulk_create(
        _access_entry(user=user, obj=obj, what=what, request=request, content_type=content_type) for obj in objects
    )


def clear_expired_sessions() -> None:
    """Idle sessions expire after 30 minutes; this removes their rows (nightly, from beat)."""
    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


def prune_submission_tokens(*, older_than: timedelta = timedelta(days=2)) -> int:
    """Forget form submission tokens once no retry of theirs can still arrive; returns how many went."""
    deleted, _ = SubmissionToken.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
