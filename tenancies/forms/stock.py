"""Forms for stock."""
