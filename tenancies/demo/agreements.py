"""demo for agreements."""
