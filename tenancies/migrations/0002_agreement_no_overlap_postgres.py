"""No unit holds two agreements whose dates overlap: a PostgreSQL exclusion constraint.

SQLite has no exclusion constraints, so there the application check in
`tenancies.services` (run under a row lock on PostgreSQL) is the guard.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE tenancies_agreement ADD CONSTRAINT agreement_no_overlap_per_unit
    EXCLUDE USING gist (unit_id WITH =, daterange(start_date, end_date, '[]') WITH &&);
"""
DROP = "ALTER TABLE tenancies_agreement DROP CONSTRAINT IF EXISTS agreement_no_overlap_per_unit;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("tenancies", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
