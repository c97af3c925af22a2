"""demo for incidents."""
