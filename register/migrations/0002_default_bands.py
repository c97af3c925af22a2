"""The default banding scheme (A emergency to D low) and its rules; administrators change them in the admin."""

from django.db import migrations

BANDS = [
    ("A", "Emergency", 1, "Reasonable preference with urgent need, including additional preference."),
    ("B", "High", 2, "Homeless, owed a homelessness duty, or overcrowded."),
    ("C", "Medium", 3, "Any other reasonable preference."),
    ("D", "Low", 4, "Everyone else who qualifies."),
]
RULES = [
    # priority, name, band, category, urgent, vulnerable, overcrowded, additional preference
    (10, "Urgent need with additional preference (armed forces)", "A", "any", True, False, False, True),
    (20, "Urgent medical or welfare need", "A", "d", True, False, False, False),
    (30, "Owed a homelessness duty", "B", "b", False, False, False, False),
    (40, "Homeless", "B", "a", False, False, False, False),
    (50, "Overcrowded by the bedroom standard", "B", "", False, False, True, False),
    (60, "Any reasonable preference", "C", "any", False, False, False, False),
    (100, "Everyone else who qualifies", "D", "", False, False, False, False),
]


def seed(apps, schema_editor):
    Band = apps.get_model("register", "Band")
    BandRule = apps.get_model("register", "BandRule")
    bands = {}
    for code, name, rank, description in BANDS:
        bands[code], _ = Band.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank, "description": description}
        )
    for priority, name, band, category, urgent, vulnerable, overcrowded, additional in RULES:
        BandRule.objects.get_or_create(
            priority=priority,
            defaults={
                "name": name,
                "band": bands[band],
                "category": category,
                "needs_urgent": urgent,
                "needs_vulnerable": vulnerable,
                "needs_overcrowded": overcrowded,
                "needs_additional_preference": additional,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
