import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.db.models import Prefetch, ProtectedError
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation
from PIL import Image

from events.models import (
    Agreement,
    Event,
    EventOrganization,
    Participation,
    Recommendation,
    events_featuring,
    events_of_organization,
)
from events.structured_data import event_json_ld
from events.validators import validate_agreement_parties, validate_timezone
from pakrus_site.models import Status
from people.models import Affiliation, Organization, Person
from tests.events.factories import (
    KARACHI,
    MOSCOW,
    AgreementAreaFactory,
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    EventOrganizationFactory,
    FeaturedPersonFactory,
    ParticipationFactory,
    RecommendationFactory,
    SeriesFactory,
    make_agreement_between,
)
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NOW = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


# Times and time zones


def test_event_ending_before_it_starts_is_rejected_with_a_clear_message():
    event = EventFactory.build(
        starts_at=datetime.datetime(2025, 4, 29, 16, 0, tzinfo=KARACHI),
        ends_at=datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI),
    )
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert caught.value.message_dict == {"ends_at": ["The event ends before it starts."]}


def test_the_database_refuses_an_event_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(
            starts_at=datetime.datetime(2025, 4, 29, 16, 0, tzinfo=KARACHI),
            ends_at=datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI),
        )


def test_event_with_an_end_but_no_start_is_rejected():
    event = EventFactory.build(starts_at=None, ends_at=datetime.datetime(2025, 4, 29, 16, 0, tzinfo=KARACHI))
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert caught.value.message_dict == {"starts_at": ["Give the start as well as the end."]}


def test_event_whose_date_was_not_recorded_is_valid():
    event = EventFactory.build(starts_at=None, ends_at=None)
    event.full_clean()
    event.save()
    assert event.local_starts_at is None


def test_times_are_shown_in_the_event_own_time_zone():
    event = EventFactory(
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 5, 15, 11, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2025, 5, 15, 13, 30, tzinfo=datetime.UTC),
    )
    event.refresh_from_db()
    assert event.local_starts_at == datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW)
    assert (event.local_starts_at.hour, event.local_starts_at.tzname()) == (14, "MSK")
    assert (event.local_ends_at.hour, event.local_ends_at.minute) == (16, 30)


def test_start_labels_give_a_card_the_start_in_the_event_own_time_zone():
    event = EventFactory(
        timezone="Europe/Moscow", starts_at=datetime.datetime(2025, 5, 15, 23, 30, tzinfo=datetime.UTC)
    )
    event.refresh_from_db()
    # 23:30 UTC is already the next day in Moscow.
    assert event.start_labels == (
        "16",
        "May 2025",
        "2025-05-16T02:30:00+03:00",
        "Friday 16 May 2025, 02:30",
        "MSK",
        "16 May 2025",
    )
    assert EventFactory(starts_at=None, ends_at=None).start_labels is None


# Every month, every day of one week, zones on either side of UTC, and both readings of a
# wall time that the end of summer time in London makes happen twice.
START_MOMENTS = (
    [
        ("Asia/Karachi", datetime.datetime(2025, month, 3 + month, 4, 4 * month, tzinfo=datetime.UTC))
        for month in range(1, 13)
    ]
    + [("Asia/Karachi", datetime.datetime(2025, 3, day, 6, tzinfo=datetime.UTC)) for day in range(3, 10)]
    + [
        ("Europe/Moscow", datetime.datetime(2025, 5, 15, 23, 30, tzinfo=datetime.UTC)),
        ("America/Los_Angeles", datetime.datetime(2024, 2, 29, 7, 59, tzinfo=datetime.UTC)),
        ("Europe/London", datetime.datetime(2025, 10, 26, 0, 30, tzinfo=datetime.UTC)),
        ("Europe/London", datetime.datetime(2025, 10, 26, 1, 30, tzinfo=datetime.UTC)),
    ]
)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_start_labels_read_as_the_date_filters_would_in_each_language(language):
    filters = Template(
        '{% load tz %}{% timezone event.timezone %}{{ event.starts_at|date:"j" }}|'
        '{{ event.starts_at|date:"M Y" }}|{{ event.starts_at|date:"c" }}|'
        '{{ event.starts_at|date:"l j F Y, H:i" }}|{{ event.starts_at|date:"T" }}|'
        '{{ event.starts_at|date:"j F Y" }}{% endtimezone %}'
    )
    with translation.override(language):
        for zone, moment in START_MOMENTS:
            event = Event(timezone=zone, starts_at=moment)
            assert "|".join(event.start_labels) == filters.render(Context({"event": event}))


@pytest.mark.parametrize("name", ["Asia/Karachi", "Europe/Moscow", "UTC"])
def test_iana_time_zones_are_accepted(name):
    validate_timezone(name)


@pytest.mark.parametrize("name", ["PKT", "Karachi", "Asia/Islamabad", "", "../etc/passwd"])
def test_unknown_time_zones_are_rejected(name):
    with pytest.raises(ValidationError, match="is not a time zone name"):
        validate_timezone(name)


def test_event_time_zone_defaults_to_pakistan():
    assert Event().timezone == "Asia/Karachi"


def test_event_with_a_bad_time_zone_fails_validation():
    with pytest.raises(ValidationError) as caught:
        EventFactory.build(timezone="Mars/Olympus").full_clean()
    assert list(caught.value.message_dict) == ["timezone"]


# Participations


def test_same_person_twice_in_the_same_role_is_rejected():
    first = ParticipationFactory(role=Participation.Role.SPEAKER)
    duplicate = Participation(event=first.event, person=first.person, role=Participation.Role.SPEAKER)
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages == ["This person is already listed in this role at this event."]
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_same_person_may_chair_and_speak_at_one_event():
    chair = ParticipationFactory(role=Participation.Role.CHAIR)
    speaker = Participation(event=chair.event, person=chair.person, role=Participation.Role.SPEAKER)
    speaker.full_clean()
    speaker.save()
    assert chair.event.participations.count() == 2


def test_participants_are_grouped_by_role_in_programme_order():
    event = EventFactory()
    ParticipationFactory(event=event, role="speaker", person__given_name="Gleb", person__family_name="M")
    ParticipationFactory(event=event, role="speaker", person__given_name="Ilsur", person__family_name="")
    ParticipationFactory(event=event, role="moderator", person__given_name="Umair", person__family_name="K")
    ParticipationFactory(event=event, role="chair", person__given_name="Khurram", person__family_name="I")
    groups = [
        (heading, [p.person.given_name for p in people]) for heading, people in event.participants_by_role()
    ]
    assert groups == [
        ("Chair", ["Khurram"]),
        ("Moderator", ["Umair"]),
        ("Speakers", ["Gleb", "Ilsur"]),
    ]


def test_deleting_a_person_who_spoke_is_refused():
    participation = ParticipationFactory()
    with pytest.raises(ProtectedError):
        participation.person.delete()


def test_deleting_an_event_removes_its_parts_but_not_people_or_organizations():
    event = EventFactory()
    ParticipationFactory(event=event)
    RecommendationFactory(event=event)
    EventOrganizationFactory(event=event)
    event.delete()
    assert Participation.objects.count() == 0
    assert Recommendation.objects.count() == 0
    assert EventOrganization.objects.count() == 0
    assert Person.objects.count() == 1
    assert Organization.objects.count() == 1


def test_deleting_an_organizer_is_refused():
    link = EventOrganizationFactory()
    with pytest.raises(ProtectedError):
        link.organization.delete()


def test_recommendations_keep_their_order():
    event = EventFactory()
    RecommendationFactory(event=event, text="Second", order=2)
    RecommendationFactory(event=event, text="First", order=1)
    assert [r.text for r in event.recommendations.all()] == ["First", "Second"]


# Files


def test_report_that_is_not_a_pdf_is_rejected():
    event = EventFactory.build(report=SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"))
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert caught.value.message_dict["report"] == ["The file is not a PDF document."]


def test_real_pdf_report_is_accepted_and_stored_under_a_random_name():
    event = EventFactory.build(report=SimpleUploadedFile("../../etc/report.pdf", PDF))
    event.full_clean()
    event.save()
    assert event.report.name.startswith("event-reports/")
    assert event.report.name.endswith(".pdf")
    assert "etc" not in event.report.name


def test_oversized_report_is_rejected(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 10
    event = EventFactory.build(report=SimpleUploadedFile("report.pdf", PDF))
    with pytest.raises(ValidationError, match="the limit is"):
        event.full_clean()


def test_cover_that_is_not_an_image_is_rejected():
    event = EventFactory.build(cover=SimpleUploadedFile("cover.jpg", b"GIF89a but really a script"))
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "cover" in caught.value.message_dict


def test_real_cover_image_is_accepted():
    event = EventFactory.build(cover=SimpleUploadedFile("cover.png", _png()), cover_credit="CAPS")
    event.full_clean()


def test_agreement_document_that_is_not_a_pdf_is_rejected():
    agreement = AgreementFactory.build(document=SimpleUploadedFile("mou.pdf", b"MZ\x90\x00 an executable"))
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert caught.value.message_dict["document"] == ["The file is not a PDF document."]


# Querysets


def _event(title, start, **kwargs):
    return EventFactory(title=title, starts_at=start, ends_at=None, **kwargs)


def test_upcoming_first_lists_upcoming_soonest_then_past_latest_then_undated():
    _event("Past, older", datetime.datetime(2025, 1, 10, 9, 0, tzinfo=KARACHI))
    _event("Upcoming, later", datetime.datetime(2025, 9, 1, 9, 0, tzinfo=KARACHI))
    _event("Undated", None)
    _event("Past, recent", datetime.datetime(2025, 5, 20, 9, 0, tzinfo=KARACHI))
    _event("Upcoming, soon", datetime.datetime(2025, 6, 2, 9, 0, tzinfo=KARACHI))
    ordered = Event.objects.upcoming_first(now=NOW)
    assert [(e.title, e.timing) for e in ordered] == [
        ("Upcoming, soon", "upcoming"),
        ("Upcoming, later", "upcoming"),
        ("Past, recent", "past"),
        ("Past, older", "past"),
        ("Undated", "undated"),
    ]
    assert [e.title for e in Event.objects.upcoming(now=NOW)] == ["Upcoming, soon", "Upcoming, later"]
    assert [e.title for e in Event.objects.past(now=NOW)] == ["Past, recent", "Past, older"]


def test_slice_by_key_gives_the_slice_of_the_ordered_rows():
    # Created out of order, so that key order is not the answer.
    for day, title in [(4, "C"), (2, "A"), (6, "E"), (3, "B"), (5, "D")]:
        _event(title, datetime.datetime(2025, 6, day, 9, 0, tzinfo=KARACHI), series=SeriesFactory())
    upcoming = Event.objects.upcoming(now=NOW).select_related("series")
    rows = list(upcoming.slice_by_key(1, 4))
    assert [event.title for event in rows] == ["B", "C", "D"]
    assert [event.series.pk for event in rows] == [event.series_id for event in upcoming[1:4]]
    assert list(upcoming.slice_by_key(5, 8)) == []


def test_an_event_under_way_is_still_upcoming():
    EventFactory(
        title="Under way",
        starts_at=NOW - datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=1),
    )
    assert [e.title for e in Event.objects.upcoming(now=NOW)] == ["Under way"]
    assert list(Event.objects.past(now=NOW)) == []


def test_drafts_are_not_published():
    EventFactory(title="Draft", status=Status.DRAFT)
    EventFactory(title="Public")
    assert [e.title for e in Event.objects.published()] == ["Public"]


def test_related_events_share_a_series_or_a_topic_and_are_published():
    series = SeriesFactory()
    energy = TopicFactory(name="Energy")
    event = EventFactory(title="Main", series=series)
    event.topics.add(energy)
    EventFactory(title="Same series", series=series)
    EventFactory(title="Same topic").topics.add(energy)
    EventFactory(title="Draft same series", series=series, status=Status.DRAFT)
    EventFactory(title="Unrelated")
    related = Event.objects.published().related_to(event, limit=4).order_by("title")
    assert [e.title for e in related] == ["Same series", "Same topic"]


def test_related_events_are_the_latest_of_the_series_and_topics_together():
    series = SeriesFactory()
    energy = TopicFactory(name="Energy")
    event = EventFactory(title="Main", series=series)
    event.topics.add(energy)

    def on(day: int, title: str, **fields) -> Event:
        return EventFactory(
            title=title, starts_at=datetime.datetime(2025, 1, day, tzinfo=datetime.UTC), **fields
        )

    for day in (2, 4, 6, 8, 10):
        on(day, f"Series {day}", series=series)
        on(day + 1, f"Topic {day + 1}").topics.add(energy)
    # Newer than all of them, but not public: they must not take a place in the list.
    for day in (20, 21, 22, 23):
        on(day, f"Draft {day}", series=series, status=Status.DRAFT).topics.add(energy)
    EventFactory(title="Undated in the series", series=series, starts_at=None, ends_at=None)
    on(28, "Unrelated")

    related = Event.objects.published().related_to(event, limit=4)
    assert [e.title for e in related[:4]] == ["Topic 11", "Series 10", "Topic 9", "Series 8"]
    assert Event.objects.published().related_to(EventFactory(title="Alone"), limit=4).count() == 0


def test_related_events_may_all_come_from_one_side_and_each_shows_once():
    series = SeriesFactory()
    energy, water = TopicFactory(name="Energy"), TopicFactory(name="Water")
    event = EventFactory(title="Main", series=series)
    event.topics.add(energy, water)

    def on(day: int, title: str, **fields) -> Event:
        return EventFactory(
            title=title, starts_at=datetime.datetime(2025, 3, day, tzinfo=datetime.UTC), **fields
        )

    for day in (1, 2, 3):
        on(day, f"Series {day}", series=series)
    for day in (10, 11, 12, 13):
        on(day, f"Topic {day}").topics.add(energy)
    # In the series and on both topics: one place in the list, not three.
    on(20, "Everywhere", series=series).topics.add(energy, water)
    related = Event.objects.published().related_to(event, limit=4)
    assert [e.title for e in related[:4]] == ["Everywhere", "Topic 13", "Topic 12", "Topic 11"]

    # With few dated events, the undated ones come last.
    alone = EventFactory(title="Alone", series=SeriesFactory())
    on(5, "Dated", series=alone.series)
    EventFactory(title="Undated", series=alone.series, starts_at=None, ends_at=None)
    related = Event.objects.published().related_to(alone, limit=4)
    assert [e.title for e in related[:4]] == ["Dated", "Undated"]


def test_events_of_a_person_carry_their_roles():
    person = PersonFactory()
    event = EventFactory(title="Seminar")
    ParticipationFactory(event=event, person=person, role="chair")
    ParticipationFactory(event=event, person=person, role="speaker")
    ParticipationFactory(event=EventFactory(title="Other"))
    ParticipationFactory(event=EventFactory(title="Draft", status=Status.DRAFT), person=person)
    ParticipationFactory(
        event=EventFactory(title="Earlier", starts_at=event.starts_at - datetime.timedelta(days=30)),
        person=person,
        role="discussant",
    )
    events = events_featuring(person.pk)
    assert [e.title for e in events] == ["Seminar", "Earlier"]  # published only, latest first
    assert [[p.role for p in e.roles_of_person] for e in events] == [["chair", "speaker"], ["discussant"]]


def test_events_of_an_organization_carry_its_role():
    caps = OrganizationFactory(short_name="CAPS")
    EventOrganizationFactory(organization=caps, event__title="Organized", role="organizer")
    EventOrganizationFactory(organization=caps, event__title="Partnered", role="partner")
    EventOrganizationFactory(event__title="Someone else's")
    EventOrganizationFactory(organization=caps, event__title="Draft", event__status=Status.DRAFT)
    events = sorted(events_of_organization(caps.pk), key=lambda e: e.title)
    assert [(e.title, [link.role for link in e.roles_of_organization]) for e in events] == [
        ("Organized", ["organizer"]),
        ("Partnered", ["partner"]),
    ]


# Agreements


def test_agreement_with_fewer_than_two_parties_is_rejected():
    kmcsc = OrganizationFactory(name="Kazan-Multan Cultural Studies Centre")
    with pytest.raises(ValidationError) as caught:
        validate_agreement_parties([kmcsc])
    assert caught.value.messages == ["An agreement needs at least two parties; 1 given."]
    with pytest.raises(ValidationError, match="0 given"):
        validate_agreement_parties([None, ""])


def test_agreement_listing_the_same_party_twice_is_rejected():
    kmcsc = OrganizationFactory(name="Kazan-Multan Cultural Studies Centre", short_name="KMCSC")
    with pytest.raises(ValidationError) as caught:
        validate_agreement_parties([kmcsc, kmcsc])
    assert caught.value.messages == [
        "Kazan-Multan Cultural Studies Centre (KMCSC) is listed as a party more than once."
    ]


def test_two_parties_make_an_agreement():
    validate_agreement_parties([OrganizationFactory(), OrganizationFactory()])
    validate_agreement_parties([1, 2, 3])


def test_the_database_refuses_the_same_party_twice():
    party = AgreementPartyFactory()
    with pytest.raises(IntegrityError):
        AgreementPartyFactory(agreement=party.agreement, organization=party.organization)


def test_agreement_expiring_before_it_was_signed_is_rejected():
    agreement = AgreementFactory.build(
        signed_on=datetime.date(2025, 3, 1), expires_on=datetime.date(2024, 3, 1)
    )
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert caught.value.message_dict == {"expires_on": ["The agreement expires before it was signed."]}


def test_agreement_signing_date_may_be_unknown():
    agreement = AgreementFactory.build(signed_on=None)
    agreement.full_clean()
    agreement.save()
    assert agreement.signed_at == "Islamabad, Pakistan"


def test_agreement_past_its_expiry_reads_as_expired():
    agreement = AgreementFactory(expires_on=datetime.date(2025, 12, 31))
    assert agreement.effective_status(today=datetime.date(2025, 6, 1)) == "in_force"
    assert agreement.effective_status(today=datetime.date(2026, 1, 1)) == "expired"
    agreement.legal_status = Agreement.LegalStatus.TERMINATED
    assert agreement.effective_status(today=datetime.date(2026, 1, 1)) == "terminated"


def test_agreements_filter_by_effective_status():
    AgreementFactory(
        title="Lapsed", signed_on=datetime.date(2024, 1, 1), expires_on=datetime.date(2025, 1, 1)
    )
    AgreementFactory(title="Open-ended")
    AgreementFactory(title="Ended", legal_status="terminated")
    today = datetime.date(2025, 6, 1)

    def titles(status):
        return sorted(a.title for a in Agreement.objects.with_status(status, today=today))

    assert titles("in_force") == ["Open-ended"]
    assert titles("expired") == ["Lapsed"]
    assert titles("terminated") == ["Ended"]


def test_agreements_of_a_person_include_signed_and_featured():
    person = PersonFactory()
    AgreementPartyFactory(signatory=person, agreement__title="Signed")
    FeaturedPersonFactory(person=person, agreement__title="Featured")
    AgreementFactory(title="Unrelated")
    assert sorted(a.title for a in Agreement.objects.involving(person)) == ["Featured", "Signed"]


def test_agreements_of_an_organization_and_areas_grouped_by_kind():
    kmcsc, rmr = OrganizationFactory(short_name="KMCSC"), OrganizationFactory(short_name="RMR")
    agreement = make_agreement_between(kmcsc, rmr, title="MoU")
    AgreementAreaFactory(agreement=agreement, kind="focus", name="Religious diplomacy", order=2)
    AgreementAreaFactory(agreement=agreement, kind="activity", name="Faculty exchange", order=1)
    assert [a.title for a in Agreement.objects.with_party(kmcsc)] == ["MoU"]
    assert agreement.party_names() == "KMCSC – RMR"
    assert [(heading, [a.name for a in areas]) for heading, areas in agreement.areas_by_kind()] == [
        ("Forms of cooperation", ["Faculty exchange"]),
        ("Focus areas", ["Religious diplomacy"]),
    ]


def test_deleting_a_party_organization_or_signatory_is_refused():
    party = AgreementPartyFactory(signatory=PersonFactory())
    with pytest.raises(ProtectedError):
        party.organization.delete()
    with pytest.raises(ProtectedError):
        party.signatory.delete()


def test_deleting_a_featured_person_is_refused():
    feature = FeaturedPersonFactory()
    with pytest.raises(ProtectedError):
        feature.person.delete()


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("languages", [LANGUAGE_CODES, LANGUAGE_CODES[::-1]])
def test_choice_displays_read_each_label_and_fall_back_to_the_value(languages):
    for language in [*languages, None]:
        with translation.override(language):
            for value, label in Event.Kind.choices:
                assert Event(kind=value).get_kind_display() == str(label)
            for value, label in Participation.Role.choices:
                assert Participation(role=value).get_role_display() == str(label)
            assert Event(kind="not-a-kind").get_kind_display() == "not-a-kind"
            assert Event(kind=None).get_kind_display() is None
    assert Agreement(kind=Agreement.Kind.choices[0][0]).get_kind_display() == str(
        Agreement.Kind.choices[0][1]
    )


def test_event_cards_show_from_for_cards_alone(django_assert_num_queries):
    """Every event card read with ``for_cards()``: the same HTML as from the whole rows, and
    not one query of its own for a column it left out."""
    event = EventFactory(series=SeriesFactory(name="Eurasia lectures"), city="Kazan", country="RU")
    EventOrganizationFactory(event=event, organization__name="Kazan Federal University")
    EventFactory(starts_at=None, ends_at=None, online_url="https://example.org/live", status=Status.DRAFT)
    template = get_template("events/_event_card.html")
    whole = [template.render({"event": e}) for e in Event.objects.for_list().order_by("pk")]
    cards = list(Event.objects.for_cards().order_by("pk"))
    with django_assert_num_queries(0):
        assert [template.render({"event": e}) for e in cards] == whole
    assert "Eurasia lectures" in whole[0] and "Kazan Federal University" in whole[0] and "Draft" in whole[1]


def test_an_event_page_shows_its_people_from_with_people_alone(rf, django_assert_num_queries):
    """The page and its structured data read from ``with_people()`` (names and current
    positions only) are the same as from whole people and organizations, without a query of
    their own for a column it left out."""
    event = EventFactory(title="Eurasian energy corridors")
    chair = PersonFactory(
        honorific="Prof.", given_name="Irina", patronymic="Sergeevna", family_name="Volkova"
    )
    AffiliationFactory(
        person=chair,
        position="Director",
        organization__name="Institute of Oriental Studies",
        organization__short_name="IOS",
        organization__kind=Organization.Kind.RESEARCH_CENTRE,
    )
    AffiliationFactory(person=chair, position="Lecturer", is_current=False)
    ParticipationFactory(event=event, person=chair, role=Participation.Role.CHAIR)
    ParticipationFactory(
        event=event,
        person=PersonFactory(given_name="Bilal", family_name="Ahmed", status=Status.DRAFT),
        talk_title="Pipelines and ports",
        highlight="Gwadar as a hub.",
    )
    current = Prefetch(
        "person__affiliations",
        queryset=Affiliation.objects.filter(is_current=True).select_related("organization"),
        to_attr="current_affiliations",
    )
    whole_people = Prefetch(
        "participations", queryset=Participation.objects.select_related("person").prefetch_related(current)
    )
    whole = (
        Event.objects.for_list().prefetch_related(whole_people, "recommendations", "topics").get(pk=event.pk)
    )
    light = Event.objects.for_detail().get(pk=event.pk)

    template = get_template("events/event_detail.html")
    request = rf.get(event.get_absolute_url())

    def page(record: Event) -> str:
        data = event_json_ld(record)
        html = template.render(
            {"event": record, "participant_groups": record.participants_by_role(), "structured_data": data},
            request,
        )
        return html

    expected = page(whole)
    with django_assert_num_queries(0):
        assert page(light) == expected
    assert "Prof. Irina Sergeevna Volkova" in expected and "Director, IOS" in expected
    assert "Lecturer" not in expected and "Pipelines and ports" in expected
    assert '"alternateName": "IOS"' in expected


def test_agreement_cards_show_from_for_cards_alone(django_assert_num_queries):
    """Every agreement card read with ``for_cards()``: the same HTML as from whole rows,
    and not one query of its own for a column it left out."""
    make_agreement_between(
        OrganizationFactory(name="University of Karachi"),
        OrganizationFactory(name="Kazan Federal University", short_name="KFU"),
        signed_on=datetime.date(2024, 5, 14),
        signed_city="Kazan",
        signed_country="RU",
        legal_status=Agreement.LegalStatus.IN_FORCE,
        expires_on=datetime.date(2025, 5, 14),
    )
    make_agreement_between(
        OrganizationFactory(name="Quaid-i-Azam University"),
        OrganizationFactory(name="MGIMO"),
        signed_on=None,
        status=Status.DRAFT,
    )
    template = get_template("events/_agreement_card.html")
    whole = [template.render({"agreement": a}) for a in Agreement.objects.for_list().order_by("pk")]
    cards = list(Agreement.objects.for_cards().order_by("pk"))
    with django_assert_num_queries(0):
        assert [template.render({"agreement": a}) for a in cards] == whole
    assert "Kazan, Russia" in whole[0] and "Expired" in whole[0]
    assert "University of Karachi; Kazan Federal University" in whole[0]
    assert "Signing date not recorded" in whole[1] and "Draft" in whole[1]
