from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def period_from_import_rows(apps, schema_editor):
    """Housing Benefit credits posted from a council schedule take the period their row covered, so
    the arrears split reads one column (`LedgerEntry.period_to`) whatever the credit's source."""
    LedgerEntry = apps.get_model("rents", "LedgerEntry")
    ImportRow = apps.get_model("rents", "ImportRow")
    LedgerEntry.objects.filter(kind="payment", method="housing_benefit", import_row__isnull=False).update(
        period_to=Subquery(ImportRow.objects.filter(entry=OuterRef("pk")).values("period_to")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rents", "0005_arrears_letters_in_letters"),
    ]

    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="period_to",
            field=models.DateField(
                blank=True,
                help_text="For a Housing Benefit credit: the last day it pays for (HB is paid in arrears), from "
                "the council's schedule or as keyed in with the payment.",
                null=True,
            ),
        ),
        migrations.RunPython(period_from_import_rows, migrations.RunPython.noop),
    ]
