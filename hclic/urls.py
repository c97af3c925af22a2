app_name = "hclic"

urlpatterns = []
