from .views import accounts, imports

app_name = "rents"

urlpatterns = [*accounts.urlpatterns, *imports.urlpatterns]
