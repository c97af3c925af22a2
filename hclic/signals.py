"""A case's stored check results go stale the moment the case or what the checks read changes."""

from django.db.models.signals import post_delete, post_save

from casework.models import Assessment, Case, Duty, HouseholdMember

from .models import HclicCaseCheck


def _forget_case(sender, instance, **kwargs) -> None:
    case_id = instance.pk if sender is Case else instance.case_id
    if case_id is not None:
        HclicCaseCheck.objects.filter(case_id=case_id).delete()


def connect() -> None:
    for model in (Case, Duty, HouseholdMember, Assessment):
        post_save.connect(_forget_case, sender=model, dispatch_uid=f"hclic-forget-{model.__name__}-save")
        if model is not Case:  # a deleted case takes its check with it (CASCADE)
            post_delete.connect(_forget_case, sender=model, dispatch_uid=f"hclic-forget-{model.__name__}-delete")
