"""A field says it may be left blank only when it may (issue 10.1): the renderer adds "(optional)" from `required`."""

import re

from tests.core.test_form_hardening import project_form_classes

SAYS_OPTIONAL = re.compile(r"\boptional\b|\bleave (it )?blank\b|\bif you (know|want)\b", re.IGNORECASE)


def test_no_project_form_field_says_optional_while_required():
    mismatched = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in project_form_classes()
        for name, field in form.base_fields.items()
        if field.required and SAYS_OPTIONAL.search(f"{field.label or ''} {field.help_text or ''}")
    ]
    assert not mismatched, f"These say they may be left blank but are required: {mismatched}"


def test_the_ladder_step_form_says_optional_only_where_the_service_allows_blank():
    from tenancies.forms.incidents import LadderActionForm

    optional = {name for name, field in LadderActionForm.base_fields.items() if not field.required}
    assert optional == {"support_worker", "support_plan_reviewed", "reasonable_adjustments", "expires_on"}
