"""The default check types and action priorities, from `compliance.rules` (admins edit them after)."""

from django.db import migrations


def seed(apps, schema_editor):
    from compliance import rules

    CheckType = apps.get_model("compliance", "CheckType")
    # Later migrations add fields and call this again: fill only the fields this model has yet.
    fields = {field.name for field in CheckType._meta.get_fields()}
    for order, check in enumerate(rules.DEFAULT_CHECK_TYPES):
        rule = check["rule"]
        defaults = {
            "name": check["name"],
            "applies_to": check["applies_to"],
            "asset_kind": check["asset_kind"],
            "condition": check["condition"],
            "frequency_amount": rule.amount if rule else None,
            "frequency_unit": rule.unit.value if rule else "months",
            "early_window_months": check["early_window_months"],
            "recorded_by": check["recorded_by"],
            "source": check["source"],
            "warning_days": check["warning_days"],
            "is_pre_let": check["is_pre_let"],
            "measure": check["measure"],
            "registration_label": check["registration_label"],
            "repair_category": check["repair_category"],
            "due_at_each_new_agreement": check["due_at_each_new_agreement"],
            "order": order,
        }
        CheckType.objects.get_or_create(
            code=check["code"], defaults={key: value for key, value in defaults.items() if key in fields}
        )
    ActionPriority = apps.get_model("compliance", "ActionPriority")
    for order, (code, rule) in enumerate(rules.ACTION_PRIORITIES.items()):
        ActionPriority.objects.get_or_create(
            code=code,
            defaults={
                "name": rule.label,
                "due_amount": rule.amount,
                "due_unit": rule.unit.value,
                "source": rule.source,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_checks_and_actions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
