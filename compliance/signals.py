"""Schedules follow the stock: saving a scheme, building, unit or asset brings its scheme's
schedules up to date (`services.schedules.schedules_sync`), and saving a check type brings every
scheme's. A void opening or closing starts or stops the empty-home checks, and a new agreement makes
the checks due at each new agreement due again."""

from django.db.models.signals import post_save

from repairs.models import Void
from tenancies import signals as tenancy_signals
from tenancies.models import Property, Scheme, Unit

from .models import Asset, CheckType


def _scheme_of(instance):
    if isinstance(instance, Scheme):
        return instance
    if isinstance(instance, Property):
        return instance.scheme
    if isinstance(instance, Unit):
        return instance.property.scheme
    return instance.building.scheme


def stock_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: the stock may not be whole yet
        return
    from .services.schedules import schedules_sync

    schedules_sync(scheme=_scheme_of(instance))


def check_type_saved(sender, instance, raw=False, **kwargs):
    """An admin added or changed a check type: every scheme's schedules follow."""
    if raw:
        return
    from .services.schedules import schedules_sync_all

    schedules_sync_all()


def void_saved(sender, instance, raw=False, **kwargs):
    """A void opened or closed: checks for empty homes (flushing) start or stop."""
    if raw:
        return
    from .services.schedules import schedules_sync

    schedules_sync(scheme=instance.unit.property.scheme)


def agreement_activated(sender, agreement, unit, by=None, **kwargs):
    """A new resident moved in: the checks due at each new agreement are due again."""
    from .services.schedules import schedules_new_agreement

    schedules_new_agreement(unit=unit, by=by)


def connect():
    for model in (Scheme, Property, Unit, Asset):
        post_save.connect(stock_saved, sender=model, dispatch_uid=f"compliance.stock_saved.{model.__name__}")
    post_save.connect(check_type_saved, sender=CheckType, dispatch_uid="compliance.check_type_saved")
    post_save.connect(void_saved, sender=Void, dispatch_uid="compliance.void_saved")
    tenancy_signals.agreement_activated.connect(agreement_activated, dispatch_uid="compliance.agreement_activated")
