"""Private rented move-on: landlords and letting agents, property offers checked against the Local Housing
Allowance, incentives within a budget, and the six-month sustainment follow-up.
"""
