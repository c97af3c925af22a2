from .views import landlords

app_name = "moveon"

urlpatterns = [*landlords.urlpatterns]
