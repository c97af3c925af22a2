from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import roles
from .identity import normalise_email


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": normalise_email(username)})


class Team(models.Model):
    """A team of workers: a scheme's housing team or a council's prevention team."""

    class Kind(models.TextChoices):
        HOUSING = "housing", "Supported housing"
        SUPPORT = "support", "Support"
        PREVENTION = "prevention", "Homelessness prevention"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams_led"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(
        "work phone", max_length=40, blank=True, help_text="Given to team leaders in a lone-working alert."
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    email_notifications = models.BooleanField(
        default=True, help_text="Also send reminders by email, not only to the Hearth inbox."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case")]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            # Signing in changes nothing the history shows; a row per sign-in would bury real changes.
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:profile")

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_names(self) -> list[str]:
        """Role names, cached per request-bound user object to keep pages' query counts flat."""
        if not hasattr(self, "_role_names"):
            self._role_names = sorted(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, *names: str) -> bool:
        return (self.is_superuser and roles.ADMINISTRATOR in names) or any(n in self.role_names for n in names)


class CoverageQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def current(self):
        today = timezone.localdate()
        return self.filter(models.Q(starts__isnull=True) | models.Q(starts__lte=today)).filter(
            models.Q(ends__isnull=True) | models.Q(ends__gte=today)
        )

    def object_ids(self, user, model) -> models.QuerySet:
        """Ids of `model` rows that `user` covers today: use in `filter(pk__in=...)` for object scope."""
        return (
            self.current().filter(user=user, content_type=ContentType.objects.get_for_model(model)).values("object_id")
        )


class Coverage(models.Model):
    """A worker covers a scheme, a caseload or another team's work.

    Generic so that `accounts` need not know the modules above it; each module's
    `visible_to(user)` asks `Coverage.objects.object_ids(user, Model)`.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coverage")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    covered = GenericForeignKey("content_type", "object_id")
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True, help_text="Leave blank while the cover continues.")

    objects = CoverageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "coverage"
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="coverage_unique_per_object"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} covers {self.covered}"
