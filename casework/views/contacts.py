"""Casework: contacts pages (to be built)."""

urlpatterns: list = []
