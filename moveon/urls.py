app_name = "moveon"

urlpatterns = []
