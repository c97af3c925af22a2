"""The housing register panel on the case page (through core.panels), so casework needs no import of register."""

from core.panels import panel

from .models import RegisterApplication


@panel("casework.Case", "register", title="Housing register", template="register/panels/case.html", order=60)
def case_register(request, case):
    user = request.user
    if not user.has_perm("register.view_registerapplication"):
        return None
    applications = list(
        RegisterApplication.objects.visible_to(user).filter(case=case).select_related("effective_band").order_by("-pk")
    )
    return {
        "applications": applications,
        "can_apply": user.has_perm("register.add_registerapplication") and not any(a.is_open for a in applications),
        "case": case,
    }
