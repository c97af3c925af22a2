"""Casework: duties pages (to be built)."""

urlpatterns: list = []
