"""`{% submission_token %}`: a one-time token in every POST form (see IdempotentSubmissionMiddleware).

Registered as a template builtin, so no template needs to load it.
"""

import uuid

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def submission_token():
    return format_html('<input type="hidden" name="_submission" value="{}">', uuid.uuid4().hex)
