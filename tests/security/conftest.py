"""Fixtures for the hostile-input and permission tests: one published record of every
kind, linked the way real content is, and a fingerprint of the whole database so a test
can show that a refused request changed nothing."""

import hashlib

import pytest
from django.apps import apps
from django.core import serializers

from events.models import Event
from publications.models import Publication
from tests.events.factories import (
    AgreementPartyFactory,
    EventFactory,
    EventOrganizationFactory,
    ParticipationFactory,
    SeriesFactory,
)
from tests.factories import AffiliationFactory, TopicFactory
from tests.publications.factories import ContributionFactory, PublicationFactory


def database_fingerprint() -> dict[str, str]:
    """Every row of every model (sessions and login records aside), hashed per model."""
    skipped = {"sessions", "axes", "admin"}
    fingerprint = {}
    for model in apps.get_models():
        if model._meta.app_label in skipped:
            continue
        rows = serializers.serialize("json", model._default_manager.order_by("pk"))
        fingerprint[model._meta.label] = hashlib.sha256(rows.encode()).hexdigest()
    return fingerprint


@pytest.fixture
def catalogue(db):
    """A published topic, series, organization, person, event, agreement and publication."""
    topic = TopicFactory(name="Energy")
    affiliation = AffiliationFactory(
        person__given_name="Zafar", person__family_name="Jaspal", organization__name="NUST"
    )
    person, organization = affiliation.person, affiliation.organization
    person.topics.add(topic)
    event = EventFactory(title="Energy corridors", series=SeriesFactory(name="NIPS Lecture Series"))
    event.topics.add(topic)
    EventOrganizationFactory(event=event, organization=organization)
    ParticipationFactory(event=event, person=person)
    agreement = AgreementPartyFactory(organization=organization, agreement__title="NIPS–MGIMO MoU").agreement
    AgreementPartyFactory(agreement=agreement)
    publication = PublicationFactory(title="Russia and Pakistan", publisher=organization)
    publication.topics.add(topic)
    ContributionFactory(publication=publication, person=person)
    return {
        "topic": topic,
        "person": person,
        "organization": organization,
        "event": Event.objects.get(pk=event.pk),
        "agreement": agreement,
        "publication": Publication.objects.get(pk=publication.pk),
    }
