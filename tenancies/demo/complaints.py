"""demo for complaints."""
