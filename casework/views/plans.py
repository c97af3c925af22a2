"""Casework: plans pages (to be built)."""

urlpatterns: list = []
