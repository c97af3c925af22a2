"""Casework mywork: plans (to be built)."""
