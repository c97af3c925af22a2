"""One form per user action on the housing register."""
