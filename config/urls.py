from django.contrib import admin
from django.urls import include, path

from core.views import healthz

admin.site.site_header = "Hearth administration"
admin.site.site_title = "Hearth admin"

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("housing/", include("tenancies.urls")),
    path("prevention/move-on/", include("moveon.urls")),
    path("prevention/register/", include("register.urls")),
    path("prevention/hclic/", include("hclic.urls")),
    path("prevention/", include("casework.urls")),
    path("rents/", include("rents.urls")),
    path("repairs/", include("repairs.urls")),
    path("compliance/", include("compliance.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
