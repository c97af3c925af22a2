"""Casework: mediation pages (to be built)."""

urlpatterns: list = []
