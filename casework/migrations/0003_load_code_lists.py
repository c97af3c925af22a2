"""Load the H-CLIC code lists and the menu of Personalised Housing Plan steps (data, not code)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    HclicCategory = apps.get_model("casework", "HclicCategory")
    PlanStepTemplate = apps.get_model("casework", "PlanStepTemplate")
    with open(DATA / "hclic-categories.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    positions: dict[str, int] = {}
    categories = []
    for row in rows:
        position = positions[row["list"]] = positions.get(row["list"], 0) + 1
        categories.append(
            HclicCategory(
                list_id=row["list"],
                code=row["code"],
                label=row["label"],
                source=row["source"][:300],
                position=position,
                active="retired option" not in row["label"].lower(),
            )
        )
    HclicCategory.objects.bulk_create(categories, ignore_conflicts=True)
    with open(DATA / "plan-steps.csv", encoding="utf-8") as handle:
        steps = [
            PlanStepTemplate(scenario=row["scenario"], party=row["party"], text=row["text"], position=i)
            for i, row in enumerate(csv.DictReader(handle))
        ]
    PlanStepTemplate.objects.bulk_create(steps)


def unload(apps, schema_editor):
    apps.get_model("casework", "HclicCategory").objects.all().delete()
    apps.get_model("casework", "PlanStepTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_casework_core")]

    operations = [migrations.RunPython(load, unload)]
