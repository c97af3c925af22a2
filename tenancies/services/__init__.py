"""Business rules, one module per area (every write goes through a function here)."""
