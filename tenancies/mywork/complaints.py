"""mywork for complaints."""
