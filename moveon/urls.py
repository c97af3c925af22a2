from .views import landlords, offers

app_name = "moveon"

urlpatterns = [*landlords.urlpatterns, *offers.urlpatterns]
