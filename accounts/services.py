from .models import User


def user_update_preferences(*, user: User, email_notifications: bool, phone: str | None = None) -> User:
    user.email_notifications = email_notifications
    fields = ["email_notifications"]
    if phone is not None:
        user.phone = phone.strip()
        fields.append("phone")
    user.save(update_fields=fields)
    return user
