from .views import incentives, landlords, offers

app_name = "moveon"

urlpatterns = [*landlords.urlpatterns, *offers.urlpatterns, *incentives.urlpatterns]
