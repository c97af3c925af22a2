"""Load Hearth's H-CLIC item mapping from hclic/data/hclic-items.csv (migration 0002)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "hclic-items.csv"


def load_items(HclicItem) -> int:
    """Add the items not there yet (by number), so an administrator's corrections are kept."""
    with open(DATA, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    have = set(HclicItem.objects.values_list("number", flat=True))
    items = [
        HclicItem(
            section=row["section"],
            number=row["number"],
            name=row["name"],
            element=row["element"],
            source=row["source"],
            list_id=row["list_id"],
            personal=row["personal"] == "yes",
            position=position,
        )
        for position, row in enumerate(rows, start=1)
        if row["number"] not in have
    ]
    HclicItem.objects.bulk_create(items)
    return len(items)
