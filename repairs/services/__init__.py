"""Every write in repairs lives here, one module per area (`services/<area>.py`): keyword-only
functions such as `repair_report(*, unit, ..., by)` that run in a transaction and write their own audit."""
