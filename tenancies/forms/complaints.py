"""Forms for complaints."""
