from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
]
