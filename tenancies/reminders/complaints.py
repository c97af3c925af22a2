"""reminders for complaints."""
