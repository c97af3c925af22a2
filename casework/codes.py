"""Load the H-CLIC code lists and the Personalised Housing Plan step menu from casework/data/.

Used by migration 0003 and after every `migrate` or test-database flush (post_migrate), so the
lists are there whenever the tables are empty, and never loaded twice.
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_code_lists(HclicCategory, PlanStepTemplate) -> None:
    if not HclicCategory.objects.exists():
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
    if not PlanStepTemplate.objects.exists():
        with open(DATA / "plan-steps.csv", encoding="utf-8") as handle:
            steps = [
                PlanStepTemplate(scenario=row["scenario"], party=row["party"], text=row["text"], position=i)
                for i, row in enumerate(csv.DictReader(handle))
            ]
        PlanStepTemplate.objects.bulk_create(steps)


def load_code_lists_after_migrate(sender, **kwargs) -> None:
    from .models import HclicCategory, PlanStepTemplate

    load_code_lists(HclicCategory, PlanStepTemplate)
