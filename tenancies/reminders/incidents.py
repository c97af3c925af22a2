"""reminders for incidents."""
