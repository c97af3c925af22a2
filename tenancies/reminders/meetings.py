"""reminders for meetings."""
