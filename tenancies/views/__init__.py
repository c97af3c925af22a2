"""Views, one module per area; each module keeps its own `urlpatterns`."""
