from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Referral


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = ["person", "source", "risk", "status", "received_at", "referred_by"]
    list_filter = ["source", "risk", "status"]
    list_select_related = ["person", "referred_by"]
    search_fields = ["person__legal_name", "person__preferred_name"]
    raw_id_fields = ["person", "consent"]
