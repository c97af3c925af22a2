"""reminders for agreements."""
