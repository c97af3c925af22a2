from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from . import mywork, services
from .files import private_bytes_response
from .forms import AccessLogFilterForm
from .history import history_entries, logged_as, visible_queryset
from .models import AccessLog, GeneratedReport, Notification
from .viewkit import post_action

MYWORK_PER_PAGE = 50


def home(request):
    """What is due, soonest first, a page at a time: a worker covering many buildings can have
    hundreds of checks due, and the page should cost the same whether it is forty or four hundred."""
    items = mywork.due_for(request.user)
    page = Paginator(items, MYWORK_PER_PAGE).get_page(request.GET.get("page"))
    overdue = sum(item.overdue or item.urgent for item in items)
    unread = list(Notification.objects.for_user(request.user).unread()[:5])
    return render(
        request,
        "core/home.html",
        {"due_items": page.object_list, "page_obj": page, "due_count": len(items), "overdue_count": overdue,
         "recent_unread": unread},
    )  # fmt: skip


class NotificationListView(ListView):
    template_name = "core/notifications.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        queryset = Notification.objects.for_user(self.request.user)
        if self.request.GET.get("show") == "unread":
            queryset = queryset.unread()
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.request.GET.get("show", "all"), **kwargs)


@require_POST
def notification_read(request, pk):
    """Mark one message read; answers htmx with the updated row, others with a redirect."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(notification=notification)
    if request.htmx:
        return render(request, "core/_notification.html", {"notification": notification})
    if notification.url and request.POST.get("open"):
        return redirect(notification.url)
    return redirect("core:notifications")


@require_POST
def notifications_read_all(request):
    return post_action(
        request,
        lambda: services.mark_all_read(recipient=request.user),
        success=lambda count: f"{count} message{'s' if count != 1 else ''} marked as read.",
        then="core:notifications",
    )


class AccessLogView(PermissionRequiredMixin, ListView):
    permission_required = "core.view_accesslog"
    template_name = "core/access_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.form = AccessLogFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        """Invalid filters show no entries rather than the whole log, so a typo never reads as 'no one looked'."""
        queryset = AccessLog.objects.select_related("user", "content_type")
        if not self.form.is_bound:
            return queryset
        if not self.form.is_valid():
            return queryset.none()
        return queryset.filtered(**self.form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, filtered=self.form.is_bound, **kwargs)


class ReportListView(ListView):
    """The reports a user asked to be made in the background, newest first (their own only)."""

    template_name = "core/reports.html"
    context_object_name = "reports"
    paginate_by = 25

    def get_queryset(self):
        return GeneratedReport.objects.visible_to(self.request.user).defer("params", "error")

    def get_context_data(self, **kwargs):
        from .reports import KEEP_FOR

        return super().get_context_data(keep_days=KEEP_FOR.days, **kwargs)


def report_detail(request, pk):
    """Where a report stands; the page refreshes itself (htmx) while the report is being made."""
    report = get_object_or_404(GeneratedReport.objects.visible_to(request.user), pk=pk)
    return render(request, "core/report_detail.html", {"report": report})


def report_download(request, pk):
    report = get_object_or_404(
        GeneratedReport.objects.visible_to(request.user).filter(status=GeneratedReport.Status.READY), pk=pk
    )
    if not report.file:
        raise Http404("The file has been deleted.")
    try:
        with report.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    return private_bytes_response(
        content, content_type=report.content_type, filename=report.filename, as_attachment=True
    )


@permission_required("core.view_history", raise_exception=True)
def record_history(request, app_label, model_name, pk):
    """A record's change history, for managers. Object scope still applies."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("No such kind of record") from None
    if not hasattr(model, "history"):
        raise Http404("This kind of record has no history")
    queryset = visible_queryset(model, request.user)
    if queryset is None:
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            raise Http404("No such record")
        queryset = model._default_manager.all()
    obj = get_object_or_404(queryset, pk=pk)
    if what := logged_as(model):
        services.record_access(user=request.user, obj=obj, what=f"{what} (history)", request=request)
    page = Paginator(history_entries(obj), 25).get_page(request.GET.get("page"))
    return render(request, "core/history.html", {"object": obj, "page_obj": page, "entries": page.object_list})


@login_not_required
@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request):
    """200 when the database (and the broker, when configured) answer; 503 otherwise."""
    from django.conf import settings

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.CELERY_BROKER_URL:
        from celery import current_app as app

        try:
            with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
