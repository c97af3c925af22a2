from django.db import migrations


def seed(apps, schema_editor):
    from hclic.items import load_items

    load_items(apps.get_model("hclic", "HclicItem"))


class Migration(migrations.Migration):
    dependencies = [("hclic", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
