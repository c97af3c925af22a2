"""One `HearthForm` per user action, one module per area (`forms/<area>.py`)."""
