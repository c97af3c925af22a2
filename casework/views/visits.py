"""Casework: visits pages (to be built)."""

urlpatterns: list = []
