"""Forms for incidents."""
