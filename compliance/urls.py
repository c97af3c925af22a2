from .views import actions, checks

app_name = "compliance"

urlpatterns = [*checks.urlpatterns, *actions.urlpatterns]
