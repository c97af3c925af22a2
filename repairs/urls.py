from .views import contractors, hazards, repairs, voids

app_name = "repairs"

urlpatterns = [
    *repairs.urlpatterns,
    *contractors.urlpatterns,
    *voids.urlpatterns,
    *hazards.urlpatterns,
]
