from .views import incentives, landlords, moves, offers

app_name = "moveon"

urlpatterns = [*landlords.urlpatterns, *offers.urlpatterns, *incentives.urlpatterns, *moves.urlpatterns]
