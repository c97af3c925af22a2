from django.forms.renderers import TemplatesSetting


class HearthFormRenderer(TemplatesSetting):
    """Every `{{ form }}` gets an error summary, labels, hints and linked error messages."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
