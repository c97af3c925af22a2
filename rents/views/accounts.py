"""Views for accounts."""

urlpatterns: list = []
