"""Events other modules react to, without tenancies importing them.

`agreement_ended` is the hook for the void workflow: when an agreement ends, the unit becomes
void from the day after. The repairs module connects a receiver that opens a `Void`.
`agreement_offered` and `agreement_activated` let the void follow the next letting: offered, then
let from the new agreement's start. Receivers run inside the sending transaction, so a failing
receiver rolls the change back.
"""

from django.dispatch import Signal

# Sent with: agreement, unit, void_from (date), by (user).
agreement_ended = Signal()

# Sent with: agreement, unit, by (user).
agreement_offered = Signal()

# Sent with: agreement, unit, by (user).
agreement_activated = Signal()
