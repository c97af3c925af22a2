"""H-CLIC code lists, kept as data (loaded from casework/data/hclic-categories.csv)."""

from django.db import models


class HclicCategoryQuerySet(models.QuerySet):
    def of(self, list_id: str):
        return self.filter(list_id=list_id, active=True)


class HclicCategory(models.Model):
    """One item of an H-CLIC list (reason for loss of home, support need, accommodation...).

    MHCLG's own field codes are sent to councils on request and are not public, so `code`
    is Hearth's stable code for the published label; admins can correct a code in Django
    admin to match the specification their council holds, and the export reads `code`.
    """

    list_id = models.CharField(max_length=60, db_index=True)
    code = models.CharField(max_length=60)
    label = models.CharField(max_length=250)
    source = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Retired options stay for old cases but are not offered.")

    objects = HclicCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["list_id", "position", "label"]
        verbose_name = "H-CLIC category"
        verbose_name_plural = "H-CLIC categories"
        constraints = [models.UniqueConstraint(fields=["list_id", "code"], name="hclic_code_unique_in_list")]

    def __str__(self):
        return self.label
