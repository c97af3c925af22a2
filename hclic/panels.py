"""The "What the H-CLIC return still needs" panel on the case page (through core.panels)."""

from casework.models import Case
from core.panels import panel

from .validation import checked_cases, problems


@panel(
    "casework.Case", "hclic", title="What the H-CLIC return still needs", template="hclic/panels/case.html", order=90
)
def case_hclic(request, case):
    user = request.user
    if not user.has_perm("hclic.view_hclicitem") or not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        return None
    checked = checked_cases(Case.objects.filter(pk=case.pk)).first()
    return {"hclic_problems": problems(checked) if checked else []}
