"""Helpers to put test objects inside (or outside) a user's object scope."""

from accounts import roles
from tests.tenancies.factories import SchemeFactory, cover


def scheme_for(user, **kwargs):
    """A scheme this user can see: housing and support workers get coverage of it."""
    scheme = SchemeFactory(**kwargs)
    if user is not None and user.has_role(roles.HOUSING_WORKER, roles.SUPPORT_WORKER):
        cover(user, scheme)
    return scheme
