"""One form per user action, one module per area."""
