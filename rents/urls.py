from .views import accounts, arrears, hb, imports, plans

app_name = "rents"

urlpatterns = [*accounts.urlpatterns, *imports.urlpatterns, *plans.urlpatterns, *arrears.urlpatterns, *hb.urlpatterns]
