from django.urls import reverse

from . import navigation as nav_registry


def navigation(request):
    """Header navigation by role, and the unread count shown beside the inbox link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [("My work", reverse("core:home")), *nav_registry.items_for(user)]
    if user.has_perm("core.view_accesslog"):
        items.append(("Access log", reverse("core:access_log")))
    if user.is_staff:
        items.append(("Admin", reverse("admin:index")))
    current = request.path
    nav = [
        {"label": label, "url": url, "current": current == url or (url != "/" and current.startswith(url))}
        for label, url in items
    ]
    return {
        "nav_items": nav,
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
