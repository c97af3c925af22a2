from . import roles


def roles_context(request):
    """The signed-in user's roles, shown on the profile page; roles belong to accounts, not core."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_roles": ", ".join(user.role_names) or ("Administrator" if user.is_superuser else ""),
        "all_roles": roles.ALL_ROLES,
    }
