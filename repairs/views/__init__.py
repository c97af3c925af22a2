"""Views per area (`views/<area>.py`): fetch through the queryset's `visible_to(user)`, validate a
form, call a service, redirect."""
