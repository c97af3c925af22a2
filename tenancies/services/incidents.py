"""Services for incidents."""
