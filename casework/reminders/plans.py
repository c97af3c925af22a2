"""Casework reminders: plans (to be built)."""
