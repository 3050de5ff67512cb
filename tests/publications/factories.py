"""Factories for publications. Records are published unless a test says otherwise."""

import factory

from pakrus_site.models import Status
from publications.models import Contribution, Publication
from tests.factories import PersonFactory


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    kind = Publication.Kind.BOOK
    title = factory.Sequence(lambda n: f"Book {n}")
    status = Status.PUBLISHED


class VolumeFactory(PublicationFactory):
    kind = Publication.Kind.EDITED_VOLUME
    title = factory.Sequence(lambda n: f"Edited Volume {n}")


class ChapterFactory(PublicationFactory):
    kind = Publication.Kind.CHAPTER
    title = factory.Sequence(lambda n: f"Chapter {n}")
    parent = factory.SubFactory(VolumeFactory)


class ReviewFactory(PublicationFactory):
    kind = Publication.Kind.BOOK_REVIEW
    title = factory.Sequence(lambda n: f"Review {n}")
    reviewed_work = factory.SubFactory(PublicationFactory)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    publication = factory.SubFactory(PublicationFactory)
    person = factory.SubFactory(PersonFactory)
    role = Contribution.Role.AUTHOR
