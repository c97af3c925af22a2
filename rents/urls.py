from .views import accounts, arrears, imports, plans

app_name = "rents"

urlpatterns = [*accounts.urlpatterns, *imports.urlpatterns, *plans.urlpatterns, *arrears.urlpatterns]
