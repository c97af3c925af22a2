from .views import agreements, complaints, incidents, meetings, stock

app_name = "tenancies"

urlpatterns = [
    *stock.urlpatterns,
    *agreements.urlpatterns,
    *incidents.urlpatterns,
    *meetings.urlpatterns,
    *complaints.urlpatterns,
]
