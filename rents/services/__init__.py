"""The ledger's writes and the rules they compute with, one module per area: ledger (accounts,
charge run, payments, corrections), charges (rent weeks and what each costs), arrears, plans,
hb, imports, statements. Callers import the module they need (`from rents.services import ledger`)."""
