"""The housing register pages: the triage queue and an application's page and forms."""
