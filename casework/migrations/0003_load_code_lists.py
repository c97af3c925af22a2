"""Load the H-CLIC code lists and the menu of Personalised Housing Plan steps (data, not code)."""

from django.db import migrations


def load(apps, schema_editor):
    from casework.codes import load_code_lists

    load_code_lists(apps.get_model("casework", "HclicCategory"), apps.get_model("casework", "PlanStepTemplate"))


def unload(apps, schema_editor):
    apps.get_model("casework", "HclicCategory").objects.all().delete()
    apps.get_model("casework", "PlanStepTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_casework_core")]

    operations = [migrations.RunPython(load, unload)]
