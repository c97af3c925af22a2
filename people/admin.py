from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Consent, DuplicateCheck, Person, PersonMerge, RiskFlag, SupportNeed, SupportNote


class SupportNeedInline(admin.TabularInline):
    model = SupportNeed
    extra = 0
    raw_id_fields = ["recorded_by"]


class RiskFlagInline(admin.TabularInline):
    model = RiskFlag
    extra = 0
    raw_id_fields = ["recorded_by"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "preferred_name", "date_of_birth", "key_support_worker"]
    search_fields = ["search_name", "ni_number"]
    raw_id_fields = ["key_support_worker"]
    inlines = [SupportNeedInline, RiskFlagInline, ConsentInline]
    readonly_fields = ["created_at"]
    actions = ["merge_people"]

    def has_merge_permission(self, request):
        return request.user.has_perm("people.delete_person") and request.user.has_perm("people.change_person")

    @admin.action(description="Merge two records for the same person", permissions=["merge"])
    def merge_people(self, request, queryset):
        """Two selected records become one, after the administrator confirms which to keep."""
        people = list(queryset.order_by("pk"))
        if len(people) != 2:
            self.message_user(request, "Choose exactly two records to merge.", messages.ERROR)
            return None
        if request.POST.get("confirm") == "yes":
            keep = next((p for p in people if str(p.pk) == request.POST.get("keep")), None)
            if keep is None:
                self.message_user(request, "Choose which record to keep.", messages.ERROR)
                return None
            merge = next(p for p in people if p.pk != keep.pk)
            try:
                record = services.person_merge(keep=keep, merge=merge, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return None
            moved = sum(record.links_moved.values())
            self.message_user(request, f"Merged {record.merged_name} into {keep}: {moved} linked records moved.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two records for the same person",
            "opts": self.model._meta,
            "people": people,
            "selected": [p.pk for p in people],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/people/person/merge_confirm.html", context)


@admin.register(SupportNote)
class SupportNoteAdmin(SimpleHistoryAdmin):
    list_display = ["person", "written_on", "author"]
    raw_id_fields = ["person", "author"]
    list_select_related = ["person", "author"]


@admin.register(DuplicateCheck)
class DuplicateCheckAdmin(admin.ModelAdmin):
    """Reasons workers gave that a look-alike was someone else: review them, and merge if one was wrong."""

    list_display = ["person", "looked_like", "checked_by", "checked_at"]
    raw_id_fields = ["person", "looked_like", "checked_by"]
    list_select_related = ["person", "looked_like", "checked_by"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PersonMerge)
class PersonMergeAdmin(admin.ModelAdmin):
    list_display = ["merged_name", "merged_id", "kept", "merged_by", "merged_at"]
    list_select_related = ["kept", "merged_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
