"""Services for stock."""
