"""Forms for agreements."""
