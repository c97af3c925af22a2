"""Casework: safeguarding pages (to be built)."""

urlpatterns: list = []
