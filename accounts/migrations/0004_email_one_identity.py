from django.db import migrations, models
import django.db.models.functions.text


def normalise_existing_emails(apps, schema_editor):
    """Store every email trimmed and lower-case; two accounts that differ only in case must be merged by hand."""
    User = apps.get_model("accounts", "User")
    seen = {}
    for user in User.objects.order_by("pk"):
        email = (user.email or "").strip().lower()
        if email in seen:
            raise RuntimeError(
                f"Users {seen[email]} and {user.pk} share the email {email!r} apart from case or spaces; "
                "merge or rename one in the admin before migrating."
            )
        seen[email] = user.pk
        if email != user.email:
            User.objects.filter(pk=user.pk).update(email=email)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_user_work_phone"),
    ]

    operations = [
        migrations.RunPython(normalise_existing_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"), name="user_email_unique_ignoring_case"
            ),
        ),
    ]
