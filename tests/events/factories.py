"""Factories for events and agreements. Records are published unless a test says otherwise."""

import datetime
from zoneinfo import ZoneInfo

import factory

from events.models import (
    Agreement,
    AgreementArea,
    AgreementParty,
    Event,
    EventOrganization,
    FeaturedPerson,
    Participation,
    Recommendation,
    Series,
)
from pakrus_site.models import Status
from tests.factories import OrganizationFactory, PersonFactory

KARACHI = ZoneInfo("Asia/Karachi")
MOSCOW = ZoneInfo("Europe/Moscow")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Lecture Series {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Seminar {n}")
    kind = Event.Kind.SEMINAR
    timezone = "Asia/Karachi"
    starts_at = datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI)
    ends_at = factory.LazyAttribute(
        lambda event: event.starts_at and event.starts_at + datetime.timedelta(hours=2)
    )
    venue_name = "Hotel Crown Plaza"
    city = "Islamabad"
    country = "PK"
    status = Status.PUBLISHED


class EventOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOrganization

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = EventOrganization.Role.ORGANIZER


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.SPEAKER
    order = factory.Sequence(lambda n: n + 1)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Recommendation {n}")
    order = factory.Sequence(lambda n: n + 1)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Memorandum {n}")
    kind = Agreement.Kind.MOU
    signed_on = datetime.date(2025, 3, 1)
    signed_city = "Islamabad"
    signed_country = "PK"
    status = Status.PUBLISHED


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)
    order = factory.Sequence(lambda n: n + 1)


class AgreementAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementArea

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Area {n}")


class FeaturedPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeaturedPerson

    agreement = factory.SubFactory(AgreementFactory)
    person = factory.SubFactory(PersonFactory)


def make_agreement_between(*organizations, **kwargs) -> Agreement:
    agreement = AgreementFactory(**kwargs)
    for organization in organizations:
        AgreementPartyFactory(agreement=agreement, organization=organization)
    return agreement


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def event_admin_form(*, organizers=(), participants=(), recommendations=(), **overrides) -> dict:
    """POST data for the event admin form: ``organizers`` are organizations,
    ``participants`` (person, role, highlight) triples, ``recommendations`` texts."""
    data = {
        "title": "Pakistan-Russia Cooperation in Non-Traditional Security",
        "kind": "seminar",
        "series": "",
        "summary": "",
        "body": "",
        "timezone": "Asia/Karachi",
        "starts_at_0": "2025-04-29",
        "starts_at_1": "14:00",
        "ends_at_0": "2025-04-29",
        "ends_at_1": "16:00",
        "venue_name": "Hotel Crown Plaza",
        "city": "Islamabad",
        "country": "PK",
        "online_url": "",
        "registration_url": "",
        "recording_url": "",
        "cover_alt": "",
        "cover_credit": "",
        "status": "published",
        "slug": "",
        "published_at_0": "",
        "published_at_1": "",
    }
    data |= _inline(
        "organizers",
        [
            {"organization": str(organization.pk), "role": "organizer", "order": str(n)}
            for n, organization in enumerate(organizers, start=1)
        ],
    )
    data |= _inline(
        "participations",
        [
            {
                "person": str(person.pk),
                "role": role,
                "talk_title": "",
                "highlight": highlight,
                "order": str(n),
            }
            for n, (person, role, highlight) in enumerate(participants, start=1)
        ],
    )
    data |= _inline(
        "recommendations",
        [{"text": text, "order": str(n)} for n, text in enumerate(recommendations, start=1)],
    )
    return data | overrides


def agreement_admin_form(*, parties=(), areas=(), featured=(), **overrides) -> dict:
    """POST data for the agreement admin form: ``parties`` are organizations or
    (organization, signatory) pairs, ``areas`` (kind, name) pairs, ``featured`` people."""
    data = {
        "title": "MoU between the Kazan-Multan Cultural Studies Centre and Rehmat & Maryam Researches",
        "kind": "mou",
        "summary": "",
        "body": "",
        "signed_on": "",
        "signed_city": "Islamabad",
        "signed_country": "PK",
        "signing_event": "",
        "legal_status": "in_force",
        "expires_on": "",
        "status": "published",
        "slug": "",
        "published_at_0": "",
        "published_at_1": "",
    }
    rows = []
    for n, party in enumerate(parties, start=1):
        organization, signatory = party if isinstance(party, tuple) else (party, None)
        rows.append(
            {
                "organization": str(organization.pk),
                "signatory": str(signatory.pk) if signatory else "",
                "signatory_title": "",
                "order": str(n),
            }
        )
    data |= _inline("parties", rows)
    data |= _inline(
        "areas",
        [{"kind": kind, "name": name, "order": str(n)} for n, (kind, name) in enumerate(areas, start=1)],
    )
    data |= _inline(
        "featured",
        [{"person": str(person.pk), "order": str(n)} for n, person in enumerate(featured, start=1)],
    )
    return data | overrides
