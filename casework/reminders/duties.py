"""Casework reminders: duties (to be built)."""
