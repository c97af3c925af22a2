"""Services for complaints."""
