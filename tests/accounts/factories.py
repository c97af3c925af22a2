import factory
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Coverage, Team, User

PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.HOUSING


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(role=roles.HOUSING_WORKER)` makes a user in that role; password is PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(Group.objects.get(name=extracted))
            if extracted == roles.ADMINISTRATOR:
                obj.is_staff = True
                obj.save(update_fields=["is_staff"])


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    user = factory.SubFactory(UserFactory)
    covered = factory.SubFactory(TeamFactory)
