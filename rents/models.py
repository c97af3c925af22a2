"""Models arrive with this module's issue."""
