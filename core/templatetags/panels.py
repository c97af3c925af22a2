from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..panels import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def record_panels(context, obj):
    """Render every panel other apps registered for `obj`'s model, in order."""
    request = context.get("request")
    page = context.flatten()
    parts = []
    for item in panels_for(obj._meta.label):
        extra = item.context(request, obj)
        if extra is None:
            continue
        parts.append(render_to_string(item.template, {**page, **extra, "panel": item, "object": obj}, request=None))
    return mark_safe("".join(parts))
