"""Admins keep the compliance configuration here: check types and their rules, action priorities,
assets, and which checks apply where (a schedule set by hand needs a basis when the stock's
attributes do not call for it). Records and actions change only through Hearth's pages (their
services keep the due dates and the audit right), so they are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin
from core.forms import HearthModelForm

from .models import Action, ActionPriority, Asset, CheckRecord, CheckType, ScheduledCheck
from .services.schedules import validate_schedule


@admin.register(CheckType)
class CheckTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "applies_to", "frequency_amount", "frequency_unit", "recorded_by", "is_pre_let", "measure"]
    list_filter = ["applies_to", "recorded_by", "is_pre_let", "measure", "active"]


@admin.register(ActionPriority)
class ActionPriorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "due_amount", "due_unit", "active", "order"]


@admin.register(Asset)
class AssetAdmin(SimpleHistoryAdmin):
    list_display = ["label", "kind", "building", "unit", "active"]
    list_filter = ["kind", "active"]


class ScheduledCheckForm(HearthModelForm):
    class Meta:
        model = ScheduledCheck
        fields = ["check_type", "scheme", "building", "unit", "asset", "assigned_to", "basis", "active"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            schedule = self.instance
            for name, value in cleaned.items():
                setattr(schedule, name, value)
            validate_schedule(schedule)
        return cleaned

    def save(self, commit=True):
        self.instance.made_by_rule = False  # set by hand: the stock's changes leave it alone
        return super().save(commit)


@admin.register(ScheduledCheck)
class ScheduledCheckAdmin(SimpleHistoryAdmin):
    form = ScheduledCheckForm
    list_display = ["check_type", "target_label", "scheme", "next_due_on", "active", "made_by_rule"]
    list_filter = ["check_type", "active", "made_by_rule"]
    readonly_fields = ["last_done_on", "last_outcome", "last_attempt_on", "next_due_on", "due_soon_from"]


class ReadOnlyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Visible for support and audit; changed only through the services behind Hearth's pages."""


@admin.register(CheckRecord)
class CheckRecordAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "outcome", "done_on", "next_due_on"]
    list_filter = ["outcome"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "priority", "due_on", "status"]
    list_filter = ["status", "priority"]
