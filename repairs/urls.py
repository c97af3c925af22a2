from .views import repairs

app_name = "repairs"

urlpatterns = [
    *repairs.urlpatterns,
]
