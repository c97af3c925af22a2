"""Every write to the ledger, one module per area: ledger (accounts, charges, payments,
corrections), charges (rent weeks and what each costs), arrears, plans, hb, imports, statements."""
