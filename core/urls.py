from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.NotificationListView.as_view(), name="notifications"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("inbox/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.record_history, name="history"),
]
