"""demo for meetings."""
