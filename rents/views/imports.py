"""Views for imports."""

urlpatterns: list = []
