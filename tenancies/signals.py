"""Events other modules react to, without tenancies importing them.

`agreement_ended` is the hook for the void workflow: when an agreement ends, the unit becomes
void from the day after. The repairs module connects a receiver that opens a `Void`.
Receivers run inside the ending transaction, so a failing receiver rolls the ending back.
"""

from django.dispatch import Signal

# Sent with: agreement, unit, void_from (date), by (user).
agreement_ended = Signal()
