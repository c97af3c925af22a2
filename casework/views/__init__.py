"""Casework pages, one module per area; each module has its own `urlpatterns` (see casework/urls.py)."""
