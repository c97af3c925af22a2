from .views import contractors, repairs, voids

app_name = "repairs"

urlpatterns = [
    *repairs.urlpatterns,
    *contractors.urlpatterns,
    *voids.urlpatterns,
]
