from .views import applications

app_name = "register"

urlpatterns = [*applications.urlpatterns]
