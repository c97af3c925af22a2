from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a user's in-app inbox, optionally also emailed.

    `key` makes every reminder idempotent: the same key is delivered to a user once,
    however many times a job runs (unique constraint, not a check-then-insert).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200, help_text="What this is about; one notification per user and key.")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_pending = models.BooleanField(
        default=False, help_text="An email is wanted and not yet sent; the pending sweep sends it."
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["created_at"], condition=models.Q(email_pending=True), name="notification_email_pending"
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class AccessLogQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def filtered(self, *, user=None, content_type=None, date_from=None, date_to=None):
        """The reads a manager asks about in a subject access request or an investigation (days are UK local)."""
        queryset = self
        if user is not None:
            queryset = queryset.filter(user=user)
        if content_type is not None:
            queryset = queryset.filter(content_type=content_type)
        if date_from is not None:
            queryset = queryset.filter(accessed_at__date__gte=date_from)
        if date_to is not None:
            queryset = queryset.filter(accessed_at__date__lte=date_to)
        return queryset


class AccessLog(models.Model):
    """Who looked at a sensitive record (health, safeguarding) and when.

    Changes are audited by django-simple-history; this records reads, which
    UK GDPR accountability expects for special-category data.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    what = models.CharField(max_length=200, help_text="Which sensitive part was seen.")
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [("view_history", "Can see the change history of records")]

    def __str__(self):
        return f"{self.user} viewed {self.what} of {self.object_repr}"


class ReferenceCounter(models.Model):
    """The last number handed out for one kind of human-readable reference (core.references.next_number)."""

    key = models.CharField(max_length=100, unique=True, help_text="What is numbered, e.g. case:HO-2026.")
    last = models.PositiveBigIntegerField(default=0, help_text="The last number given out.")

    def __str__(self):
        return f"{self.key}: {self.last}"


class SubmissionToken(models.Model):
    """A form submission already handled, so a double-click or a retry after an error never saves twice.

    Each rendered form carries a fresh token (the `submission_token` tag); the
    IdempotentSubmissionMiddleware records it with the first POST that saves and sends a repeat to
    where the first one went. Rows are pruned after a couple of days.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    location = models.CharField(max_length=2000, blank=True, help_text="Where the first submission redirected to.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="core_submission_token_once")]

    def __str__(self):
        return f"{self.user} {self.token}"


class GeneratedReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A report is its requester's alone: it was made with their scope on the day they asked."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def expired(self, now=None):
        now = now or timezone.now()
        return self.filter(expires_at__lte=now)


class GeneratedReport(models.Model):
    """A file too big to make within a request (the compliance report for every scheme, a month's report
    pack), made by a Celery worker for the user who asked (`core.reports`), kept a short while and then
    deleted. Only its owner may download it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generated_reports")
    kind = models.CharField(max_length=100, help_text="Which registered report this is (core.reports).")
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True, help_text="What the report was asked for (its form).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="generated/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True, help_text="Why it could not be made, in words for the requester.")
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="When the file and this record are deleted.")

    objects = GeneratedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-requested_at"], name="generated_report_owner_idx"),
            models.Index(fields=["requested_at"], condition=models.Q(status="queued"), name="generated_report_queued"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:report_detail", args=[self.pk])
