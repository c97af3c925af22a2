"""Items 7.2, 7.4 and 7.5 were seeded with names the schema does not use; put Hearth's shipped names
back where an administrator has not changed them, so they are not taken for a council's correction."""

from django.db import migrations

RENAMED = {"7.2": ("ServiceReferralDate", "ReferralDate"), "7.4": ("IncentiveAmount", "Amount"), "7.5": ("IncentivePaidOn", "PaidOn")}


def forwards(apps, schema_editor):
    HclicItem = apps.get_model("hclic", "HclicItem")
    for number, (old, new) in RENAMED.items():
        HclicItem.objects.filter(number=number, element=old).update(element=new)


class Migration(migrations.Migration):
    dependencies = [("hclic", "0002_seed_items")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
