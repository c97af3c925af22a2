"""The arrears letter templates moved to templates/rents/letters/arrears/ with the other rents PDFs."""

from django.db import migrations

MOVED = {f"rents/arrears/letters/{name}.html": f"rents/letters/arrears/{name}.html" for name in ("first", "second", "final")}


def _rename(apps, mapping):
    ArrearsStage = apps.get_model("rents", "ArrearsStage")
    for old, new in mapping.items():
        ArrearsStage.objects.filter(letter_template=old).update(letter_template=new)


def forwards(apps, schema_editor):
    _rename(apps, MOVED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [("rents", "0004_arrears_stages")]

    operations = [migrations.RunPython(forwards, backwards)]
