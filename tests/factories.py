"""Small factories for test data. Records are published unless a test says otherwise."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from pakrus_site.editors import EDITORS_GROUP
from pakrus_site.models import Status, Topic
from people.models import Affiliation, Organization, Person


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Topic {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Institute {n}")
    kind = Organization.Kind.THINK_TANK
    country = "PK"
    status = Status.PUBLISHED


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    country = "PK"
    status = Status.PUBLISHED


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = "Fellow"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-passphrase")


def make_editor(**kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user
