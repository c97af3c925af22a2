"""Every write in compliance lives here, one module per area (`services/<area>.py`): keyword-only
functions such as `check_record(*, check, ..., by)` that run in a transaction and write their own audit."""
