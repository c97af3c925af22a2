"""Connect the void workflow to the tenancies letting signals (called from `RepairsConfig.ready`)."""

from tenancies import signals

from .services import voids


def connect() -> None:
    signals.agreement_ended.connect(voids.on_agreement_ended, dispatch_uid="repairs.void_on_agreement_ended")
    signals.agreement_offered.connect(voids.on_agreement_offered, dispatch_uid="repairs.void_on_agreement_offered")
    signals.agreement_activated.connect(
        voids.on_agreement_activated, dispatch_uid="repairs.void_on_agreement_activated"
    )
