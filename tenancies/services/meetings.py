"""Services for meetings."""
