"""Casework mywork: duties (to be built)."""
