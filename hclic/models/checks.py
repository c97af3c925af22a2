"""What the H-CLIC checks last found for each case, so the readiness page lists the failing cases
without validating a whole quarter on every visit."""

from django.db import models
from django.utils import timezone


class HclicCaseCheckQuerySet(models.QuerySet):
    def failing(self):
        return self.filter(failing=True)


class HclicCaseCheck(models.Model):
    """Derived, never edited: removed whenever the case or anything the checks read changes (hclic.signals)
    and made again by `services.checks.bring_up_to_date`. The export never trusts it: it validates afresh."""

    case = models.OneToOneField("casework.Case", primary_key=True, on_delete=models.CASCADE, related_name="hclic_check")
    problems = models.JSONField(default=list, help_text="The names of the checks that failed.")
    failing = models.BooleanField(default=False)
    checked_at = models.DateTimeField(default=timezone.now)

    objects = HclicCaseCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "H-CLIC case check"
        indexes = [models.Index(fields=["case"], condition=models.Q(failing=True), name="hclic_check_failing_idx")]

    def __str__(self):
        return f"H-CLIC checks for case {self.case_id}: {', '.join(self.problems) or 'ready'}"
