"""Locust's stats CSV as a Markdown table (requests, failures, p50/p95/p99 in ms per request kind).

    python benchmarks/summarise_load.py build/load-.../load_stats.csv [load_failures.csv]

Exits 1 when any request failed, so run_load.sh reports a failed run.
"""

import csv
import sys
from pathlib import Path


def main(stats: str, failures: str | None = None) -> int:
    rows = list(csv.DictReader(Path(stats).read_text().splitlines()))
    lines = [
        "| Request | Count | Failures | p50 ms | p95 ms | p99 ms | Max ms | Req/s |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    failed = 0
    for row in sorted(rows, key=lambda row: (row["Name"] == "Aggregated", row["Name"])):
        name = "**All requests**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        failed += int(row["Failure Count"]) if row["Name"] != "Aggregated" else 0
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{row['99%']} | {float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
        )
    print("\n".join(lines))  # noqa: T201
    if failures and Path(failures).exists():
        for row in csv.DictReader(Path(failures).read_text().splitlines()):
            print(f"\nFailed {row['Occurrences']}x: {row['Method']} {row['Name']}: {row['Error']}")  # noqa: T201
    print(f"\n{failed} failed requests.")  # noqa: T201
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
