"""Services for agreements."""
