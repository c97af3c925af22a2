"""PDF letters and statements from HTML templates, with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, {"organisation": settings.HEARTH_ORGANISATION, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
