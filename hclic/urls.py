from .views import quarters

app_name = "hclic"

urlpatterns = [*quarters.urlpatterns]
