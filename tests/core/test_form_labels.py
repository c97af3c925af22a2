"""The renderer (templates/forms/field.html) adds "(optional)" from `required`, so no label says it itself."""

from tests.core.test_form_hardening import project_form_classes


def test_no_label_carries_its_own_optional_suffix():
    doubled = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in project_form_classes()
        for name, field in form.base_fields.items()
        if "optional" in str(field.label or "").lower()
    ]
    assert not doubled, f"These labels say '(optional)' and the renderer adds it again: {doubled}"


def test_an_optional_field_renders_optional_once():
    from rents.forms.arrears import AcceptProposalForm

    html = str(AcceptProposalForm())
    assert html.count("(optional)") == 1
    assert "Notes" in html
