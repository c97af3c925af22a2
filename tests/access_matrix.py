"""Who may open every URL in Hearth. Each module adds its URLs here when it adds them.

A URL name that is not listed fails `test_every_url_is_in_the_access_matrix`, so no page
can ship without a declared, tested access rule.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import uuid4

ROLES = [
    "housing_worker",
    "senior_worker",
    "manager",
    "support_worker",
    "prevention_officer",
    "team_leader",
    "administrator",
]
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Access:
    """`allowed` roles get `ok`; other roles get 403 or 404; anonymous users go to sign-in.

    `kwargs(user, users)` builds the URL arguments for the requesting user (so object
    scope can be tested with that user's own objects). `public` pages skip the sign-in rule.
    """

    allowed: frozenset[str] = EVERYONE
    method: str = "get"
    kwargs: Callable | None = None
    data: dict = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)
    public: bool = False


def _own_notification(user, users):
    from core.models import Notification

    return {"pk": Notification.objects.create(recipient=user, key=f"matrix:{uuid4()}", subject="Matrix").pk}


def _own_report(user, users):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from core.models import GeneratedReport

    report = GeneratedReport(owner=user, kind="compliance.report", title="Matrix", status="ready",
                             filename="m.pdf", content_type="application/pdf",
                             expires_at=timezone.now() + timedelta(days=7))  # fmt: skip
    report.file.save("m.pdf", ContentFile(b"%PDF-1.4 matrix"))
    return {"pk": report.pk}


def _a_user_record(user, users):
    return {"app_label": "accounts", "model_name": "user", "pk": users["housing_worker"].pk}


MANAGERS = frozenset({"manager", "team_leader", "administrator"})
HOUSING = frozenset({"housing_worker", "senior_worker", "manager", "administrator"})
HOUSING_AND_SUPPORT = HOUSING | {"support_worker"}

MATRIX: dict[str, Access] = {
    # Public pages
    "healthz": Access(public=True),
    "accounts:login": Access(public=True, ok=(200, 302)),
    "accounts:password_reset": Access(public=True),
    "accounts:password_reset_done": Access(public=True),
    "accounts:password_reset_confirm": Access(public=True, kwargs=lambda u, us: {"uidb64": "xx", "token": "yy"}),
    "accounts:password_reset_complete": Access(public=True),
    # Every signed-in user, own data only
    "accounts:logout": Access(method="post", ok=(302,)),
    "accounts:profile": Access(),
    "accounts:password_change": Access(),
    "accounts:password_change_done": Access(),
    "core:home": Access(),
    "core:notifications": Access(),
    "core:notification_read": Access(method="post", kwargs=_own_notification, ok=(302,)),
    "core:notifications_read_all": Access(method="post", ok=(302,)),
    "core:reports": Access(),
    "core:report_detail": Access(kwargs=_own_report),
    "core:report_download": Access(kwargs=_own_report),
    # Oversight
    "core:access_log": Access(allowed=MANAGERS),
    "core:history": Access(allowed=MANAGERS, kwargs=_a_user_record),
}

# Django admin checks is_staff itself; tested separately in test_access_matrix.
EXEMPT_NAMESPACES = {"admin"}


def _collect_module_matrices() -> None:
    """Merge each test package's `access*.py` (`ACCESS = {url_name: Access(...)}`) into MATRIX."""
    import importlib
    import pkgutil
    from pathlib import Path

    tests_dir = Path(__file__).parent
    for package in sorted(p for p in tests_dir.iterdir() if (p / "__init__.py").exists()):
        for module in pkgutil.iter_modules([str(package)]):
            if module.name.startswith("access"):
                access = importlib.import_module(f"tests.{package.name}.{module.name}").ACCESS
                clash = set(access) & set(MATRIX)
                assert not clash, f"Declared twice: {clash}"
                MATRIX.update(access)


_collect_module_matrices()
