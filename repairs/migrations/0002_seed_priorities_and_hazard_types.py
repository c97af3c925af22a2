"""Seed the default repair priorities (Hearth policy) and the significant-hazard types of Awaab's Law.

Phase 1 (27 October 2025, SI 2025/1042): damp and mould. Phase 2 ("in 2026", draft guidance) and
phase 3 ("in 2027") are listed without a date: an admin sets `significant_from` when the
commencement is confirmed from the primary source. Until then those hazards run on the same
clocks as the landlord's own policy.
"""

from datetime import date

from django.db import migrations

PRIORITIES = [
    ("emergency", "Emergency", 24, "hours", True, "Make safe within 24 hours"),
    ("urgent", "Urgent", 7, "calendar_days", False, "Within 7 calendar days"),
    ("routine", "Routine", 28, "calendar_days", False, "Within 28 calendar days"),
    ("planned", "Planned", 90, "calendar_days", False, "Within 90 days"),
]

PHASE_1 = "SI 2025/1042, in force 27 October 2025 (phase 1: damp, mould and fungal growth)"
PHASE_2 = "Awaab's Law draft guidance (June 2025): phase 2 in 2026; set the date once commencement is confirmed"
HAZARD_TYPES = [
    ("Damp and mould", "Damp and mould growth", date(2025, 10, 27), PHASE_1),
    ("Excess cold", "Excess cold", None, PHASE_2),
    ("Excess heat", "Excess heat", None, PHASE_2),
    ("Falls", "Falls (baths, level surfaces, stairs, between levels)", None, PHASE_2),
    ("Structural collapse and explosions", "Structural collapse and explosions", None, PHASE_2),
    ("Fire", "Fire; flames and hot surfaces", None, PHASE_2),
    ("Electrical hazards", "Electrical hazards", None, PHASE_2),
    ("Domestic and personal hygiene", "Domestic hygiene, pests and refuse; personal hygiene", None, PHASE_2),
    ("Food safety", "Food safety", None, PHASE_2),
]


def seed(apps, schema_editor):
    Priority = apps.get_model("repairs", "RepairPriority")
    for order, (code, name, amount, unit, emergency, description) in enumerate(PRIORITIES):
        Priority.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "target_amount": amount,
                "target_unit": unit,
                "is_emergency": emergency,
                "description": description,
                "order": order,
            },
        )
    HazardType = apps.get_model("repairs", "HazardType")
    for order, (name, profile, since, source) in enumerate(HAZARD_TYPES):
        HazardType.objects.get_or_create(
            name=name, defaults={"hhsrs_profile": profile, "significant_from": since, "source": source, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("repairs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
