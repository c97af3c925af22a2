"""A frozen quarter: the files as exported, who exported them, and the totals DELTA's QA report shows."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class HclicSubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Team leaders and administrators (the export permission); the files cover every team."""
        if not user.is_authenticated or not user.has_perm("hclic.view_hclicsubmission"):
            return self.none()
        return self


class HclicSubmission(models.Model):
    """One export of a quarter that was not a draft. Re-exporting a quarter adds a version; none is changed."""

    quarter = models.CharField(max_length=6, db_index=True, help_text="As 2026Q3.")
    version = models.PositiveIntegerField(default=1)
    case_file = models.BinaryField(editable=False)
    personal_file = models.BinaryField(editable=False)
    csv_file = models.BinaryField(editable=False)
    case_count = models.PositiveIntegerField(default=0)
    totals = models.JSONField(default=dict, help_text="Households owed prevention and relief, by reason, outcome, TA.")
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exported_at = models.DateTimeField(default=timezone.now)

    objects = HclicSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-quarter", "-version"]
        verbose_name = "H-CLIC submission"
        constraints = [models.UniqueConstraint(fields=["quarter", "version"], name="hclic_submission_version")]

    def __str__(self):
        return f"H-CLIC {self.quarter} version {self.version}"
