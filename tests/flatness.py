"""Time-independent companions to the pinned query counts: a page whose query count is flat can still
grow with history if one of its queries aggregates a long table (the ledger, the access log, the
history tables). These helpers read the SQL a page ran, and on PostgreSQL the plan of a query.

    with CaptureQueriesContext(connection) as ran:
        client.get(url)
    assert aggregates_over(ran, "rents_ledgerentry") == []

    assert uses_index(queryset, "rents_account_arrears_idx")
"""

import re

from django.db import connection, transaction

AGGREGATE = re.compile(r"\b(SUM|MAX|MIN|COUNT|AVG)\s*\(|\bGROUP\s+BY\b", re.IGNORECASE)


def _sql(query) -> str:
    return query["sql"] if isinstance(query, dict) else str(query)


def reading(queries, table: str) -> list[str]:
    """The statements among `queries` (a CaptureQueriesContext or a list of them) that read `table`."""
    quoted = re.compile(rf'(?<![\w]){re.escape(table)}(?![\w])|"{re.escape(table)}"')
    return [_sql(q) for q in queries if quoted.search(_sql(q))]


def aggregates_over(queries, table: str) -> list[str]:
    """The statements that read `table` and aggregate (SUM, MAX, MIN, COUNT, AVG or GROUP BY): the
    pattern whose cost grows with every row the table gains. A COUNT over a bounded, indexed subset
    is sometimes fine; a test that allows one says why."""
    return [sql for sql in reading(queries, table) if AGGREGATE.search(sql)]


def plan(queryset) -> str:
    """PostgreSQL's plan for `queryset` with sequential scans discouraged, so a tiny test table still
    shows whether an index *can* serve the query (with a few rows the planner would scan anyway)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("Query plans are read on PostgreSQL only.")
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def uses_index(queryset, index_name: str) -> bool:
    return index_name in plan(queryset)
