import datetime

import pytest
import yaml
from django.utils import timezone

from events.models import Agreement, AgreementParty, Event, Participation, Recommendation
from events.serializers import AgreementSerializer, EventSerializer
from pakrus_site.models import Status
from tests.api_helpers import assert_reads_as_drf, clients, readers, token_client
from tests.events.factories import (
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
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory, UserFactory, make_editor

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return [record["slug"] for record in response.json()["results"]]


def editor():
    return token_client(make_editor())


# Events: reading


def test_event_record_nests_people_organizations_outcomes_and_the_venue(client):
    event = EventFactory(
        title="Pakistan-Russia Cooperation in Non-Traditional Security",
        slug="non-traditional-security",
        series=SeriesFactory(name="NIPS Lecture Series", slug="nips-lectures"),
        online_url="https://example.org/watch",
        summary="A seminar on non-traditional security.",
    )
    event.topics.add(TopicFactory(name="Water security", slug="water-security"))
    EventOrganizationFactory(
        event=event, organization=OrganizationFactory(name="NUST Institute of Policy Studies", slug="nips")
    )
    EventOrganizationFactory(
        event=event,
        organization=OrganizationFactory(name="Hanns Seidel Foundation", slug="hsf"),
        role="partner",
        order=2,
    )
    ParticipationFactory(
        event=event,
        person=PersonFactory(honorific="Dr.", given_name="Ruslan", family_name="Karimov", slug="karimov"),
        role="main_speaker",
        order=2,
        talk_title="Water and borders",
        highlight="Water is a shared risk.",
    )
    ParticipationFactory(
        event=event,
        person=PersonFactory(honorific="Amb.", given_name="Riaz", family_name="Khan", slug="khan"),
        role="chair",
        order=1,
    )
    RecommendationFactory(event=event, text="Share flood data.", order=2)
    RecommendationFactory(event=event, text="Set up a joint working group.", order=1)

    body = client.get("/api/v1/events/non-traditional-security/").json()

    assert body["url"] == "http://testserver/api/v1/events/non-traditional-security/"
    assert body["web_url"] == "http://testserver/events/non-traditional-security/"
    assert body["kind"] == "seminar"
    assert body["series"] == "nips-lectures"
    assert body["series_name"] == "NIPS Lecture Series"
    assert body["timezone"] == "Asia/Karachi"
    assert body["starts_at"] == "2025-04-29T14:00:00+05:00"
    assert body["ends_at"] == "2025-04-29T16:00:00+05:00"
    assert body["venue"] == {"name": "Hotel Crown Plaza", "city": "Islamabad", "country": "PK"}
    assert body["online_url"] == "https://example.org/watch"
    assert body["organizers"] == [
        {
            "organization": "nips",
            "organization_name": "NUST Institute of Policy Studies",
            "role": "organizer",
            "order": 0,
        },
        {
            "organization": "hsf",
            "organization_name": "Hanns Seidel Foundation",
            "role": "partner",
            "order": 2,
        },
    ]
    assert body["participants"] == [
        {
            "person": "khan",
            "display_name": "Amb. Riaz Khan",
            "role": "chair",
            "order": 1,
            "talk_title": "",
            "highlight": "",
        },
        {
            "person": "karimov",
            "display_name": "Dr. Ruslan Karimov",
            "role": "main_speaker",
            "order": 2,
            "talk_title": "Water and borders",
            "highlight": "Water is a shared risk.",
        },
    ]
    assert body["recommendations"] == ["Set up a joint working group.", "Share flood data."]
    assert body["topics"] == ["water-security"]
    assert body["status"] == "published"
    assert body["cover"] is None and body["report"] is None
    assert datetime.datetime.fromisoformat(body["updated_at"]) == event.updated_at


def test_event_times_carry_the_offset_of_the_events_own_zone(client):
    event = EventFactory(
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW),
        ends_at=None,
    )
    body = client.get(f"/api/v1/events/{event.slug}/").json()
    assert body["starts_at"] == "2025-05-15T14:00:00+03:00"
    assert body["ends_at"] is None


def test_event_whose_date_was_not_recorded_has_null_times(client):
    event = EventFactory(starts_at=None, ends_at=None)
    body = client.get(f"/api/v1/events/{event.slug}/").json()
    assert body["starts_at"] is None and body["ends_at"] is None


def test_events_list_latest_first_with_undated_events_last(client):
    undated = EventFactory(starts_at=None, ends_at=None)
    old = EventFactory(starts_at=datetime.datetime(2024, 1, 1, 10, tzinfo=UTC))
    new = EventFactory(starts_at=datetime.datetime(2025, 6, 1, 10, tzinfo=UTC))
    body = client.get("/api/v1/events/").json()
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    assert [r["slug"] for r in body["results"]] == [new.slug, old.slug, undated.slug]


def test_event_filters(client):
    nips = OrganizationFactory(slug="nips")
    energy = TopicFactory(name="Energy", slug="energy")
    series = SeriesFactory(slug="nips-lectures")
    kozin = PersonFactory(slug="kozin")
    webinar = EventFactory(
        kind="webinar",
        series=series,
        starts_at=datetime.datetime(2025, 3, 1, 10, tzinfo=UTC),
        country="RU",
        title="Energy corridors",
    )
    webinar.topics.add(energy)
    ParticipationFactory(event=webinar, person=kozin, role="speaker")
    ParticipationFactory(event=webinar, person=kozin, role="moderator")
    seminar = EventFactory(starts_at=datetime.datetime(2025, 6, 1, 10, tzinfo=UTC), title="Labour migration")
    EventOrganizationFactory(event=seminar, organization=nips)

    assert slugs(client, "/api/v1/events/?kind=webinar") == [webinar.slug]
    assert slugs(client, "/api/v1/events/?topic=energy") == [webinar.slug]
    assert slugs(client, "/api/v1/events/?person=kozin") == [webinar.slug]
    assert slugs(client, "/api/v1/events/?organization=nips") == [seminar.slug]
    assert slugs(client, "/api/v1/events/?series=nips-lectures") == [webinar.slug]
    assert slugs(client, "/api/v1/events/?country=RU") == [webinar.slug]
    assert slugs(client, "/api/v1/events/?starts_after=2025-04-01") == [seminar.slug]
    assert slugs(client, "/api/v1/events/?starts_before=2025-03-01T15:00:00%2B05:00") == [webinar.slug]
    assert slugs(client, "/api/v1/events/?starts_before=2025-03-01T14:59:00%2B05:00") == []
    assert slugs(client, "/api/v1/events/?search=migration") == [seminar.slug]
    assert slugs(client, "/api/v1/events/?ordering=starts_at") == [webinar.slug, seminar.slug]
    assert slugs(client, "/api/v1/events/?ordering=-title") == [seminar.slug, webinar.slug]
    assert slugs(client, "/api/v1/events/?status=published") == [seminar.slug, webinar.slug]
    assert slugs(client, "/api/v1/events/?status=draft") == []


def test_an_asked_ordering_breaks_ties_by_key_so_pages_do_not_overlap(client):
    twins = [EventFactory(title="Energy dialogue") for _ in range(5)]
    keys = [event.slug for event in sorted(twins, key=lambda event: event.pk)]
    first = client.get("/api/v1/events/?ordering=title&page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    pages = [[row["slug"] for row in page["results"]] for page in (first, second, third)]
    assert pages == [keys[:2], keys[2:4], keys[4:]]
    assert slugs(client, "/api/v1/events/?ordering=-title") == keys


def test_staff_can_list_only_drafts_with_the_status_filter():
    draft = EventFactory(status=Status.DRAFT)
    EventFactory()
    assert slugs(editor(), "/api/v1/events/?status=draft") == [draft.slug]


def test_updated_since_with_ordering_gives_an_incremental_sync(client):
    old, changed, new = EventFactory(), EventFactory(), EventFactory()
    Event.objects.filter(pk__in=[old.pk, changed.pk]).update(updated_at="2020-01-01T00:00:00Z")
    Event.objects.filter(pk=new.pk).update(updated_at="2024-06-01T00:00:00Z")
    changed.title = "Changed"
    changed.save()
    url = "/api/v1/events/?updated_since=2024-01-01T00:00:00Z&ordering=updated_at"
    assert slugs(client, url) == [new.slug, changed.slug]


def test_date_filters_accept_any_iso_8601_offset(client):
    event = EventFactory(starts_at=datetime.datetime(2025, 3, 1, 10, tzinfo=UTC))
    assert slugs(client, "/api/v1/events/?starts_after=2025-02-28T11:38:00-22:22") == [event.slug]
    assert slugs(client, "/api/v1/events/?starts_after=2025-02-28T12:39:00-22:22") == []
    assert slugs(client, "/api/v1/events/?updated_since=2000-01-01T00:00:00%2B23:59") == [event.slug]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=castle", "kind"),
        ("topic=nope", "topic"),
        ("person=nope", "person"),
        ("organization=nope", "organization"),
        ("series=nope", "series"),
        ("country=XX", "country"),
        ("starts_after=soon", "starts_after"),
        ("starts_before=2025-13-01", "starts_before"),
        ("starts_after=0001-01-01T00:00:00%2B05:00", "starts_after"),
        ("status=secret", "status"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=9999-12-31T23:00:00-05:00", "updated_since"),
    ],
)
def test_bad_event_filter_values_are_400s_naming_the_filter(client, query, field):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


# Events: permissions


@pytest.mark.parametrize(
    ("who", "published", "draft"),
    [("anonymous", 200, 404), ("no_rights", 200, 404), ("editor", 200, 200), ("superuser", 200, 200)],
)
def test_event_read_permission_matrix(who, published, draft):
    client = clients()[who]
    shown, hidden = EventFactory(), EventFactory(status=Status.DRAFT)
    assert client.get(f"/api/v1/events/{shown.slug}/").status_code == published
    assert client.get(f"/api/v1/events/{hidden.slug}/").status_code == draft
    listed = slugs(client, "/api/v1/events/")
    assert (hidden.slug in listed) == (draft == 200)
    assert shown.slug in listed


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 201), ("superuser", 201)]
)
def test_create_event_permission_matrix(who, expected):
    response = clients()[who].post("/api/v1/events/", {"title": "Book launch"}, format="json")
    assert response.status_code == expected
    assert Event.objects.filter(title="Book launch").exists() == (expected == 201)


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 200), ("superuser", 200)]
)
def test_update_event_permission_matrix(who, expected):
    event = EventFactory(title="Before")
    response = clients()[who].patch(f"/api/v1/events/{event.slug}/", {"title": "After"}, format="json")
    assert response.status_code == expected
    event.refresh_from_db()
    assert event.title == ("After" if expected == 200 else "Before")


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 204), ("superuser", 204)]
)
def test_delete_event_permission_matrix(who, expected):
    event = EventFactory()
    ParticipationFactory(event=event)
    assert clients()[who].delete(f"/api/v1/events/{event.slug}/").status_code == expected
    assert Event.objects.filter(pk=event.pk).exists() == (expected != 204)
    assert Participation.objects.exists() == (expected != 204)


# Events: writing


NEW_EVENT = {
    "title": "Russia-Pakistan Relations in a Changing World",
    "kind": "webinar",
    "series": "nips-lectures",
    "timezone": "Europe/Moscow",
    "starts_at": "2025-05-15T14:00:00",
    "ends_at": "2025-05-15T16:30",
    "venue": {"name": "MGIMO", "city": "Moscow", "country": "RU"},
    "online_url": "https://example.org/live",
    "organizers": [{"organization": "nips"}, {"organization": "mgimo", "role": "partner"}],
    "participants": [
        {"person": "khan", "role": "moderator"},
        {
            "person": "kozin",
            "role": "main_speaker",
            "talk_title": "Arms control",
            "highlight": "Talks matter.",
        },
        {"person": "kozin", "role": "closing_remarks"},
    ],
    "recommendations": ["Exchange students.", "Hold the seminar yearly."],
    "topics": ["energy"],
    "status": "published",
}


@pytest.fixture
def directory():
    OrganizationFactory(slug="nips", name="NIPS")
    OrganizationFactory(slug="mgimo", name="MGIMO")
    PersonFactory(slug="khan", given_name="Riaz", family_name="Khan")
    PersonFactory(slug="kozin", given_name="Vladimir", family_name="Kozin")
    SeriesFactory(slug="nips-lectures")
    TopicFactory(name="Energy", slug="energy")


def test_editor_creates_an_event_with_nested_parts_and_naive_times_in_the_event_zone(directory):
    response = editor().post("/api/v1/events/", NEW_EVENT, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "russia-pakistan-relations-in-a-changing-world"
    assert body["starts_at"] == "2025-05-15T14:00:00+03:00"
    assert body["ends_at"] == "2025-05-15T16:30:00+03:00"
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2025, 5, 15, 11, 0, tzinfo=UTC)
    assert event.series.slug == "nips-lectures"
    assert (event.venue_name, event.city, event.country.code) == ("MGIMO", "Moscow", "RU")
    assert [(o.organization.slug, o.role, o.order) for o in event.organizers.all()] == [
        ("nips", "organizer", 1),
        ("mgimo", "partner", 2),
    ]
    assert [(p.person.slug, p.role, p.order) for p in event.participations.all()] == [
        ("khan", "moderator", 1),
        ("kozin", "main_speaker", 2),
        ("kozin", "closing_remarks", 3),
    ]
    assert [r.text for r in event.recommendations.all()] == ["Exchange students.", "Hold the seminar yearly."]
    assert [t.slug for t in event.topics.all()] == ["energy"]
    assert body["participants"][1]["display_name"] == "Vladimir Kozin"
    assert body["participants"][1]["talk_title"] == "Arms control"


def test_naive_times_default_to_the_default_zone_when_none_is_given(directory):
    payload = {"title": "Karachi talk", "starts_at": "2025-05-15T14:00:00"}
    response = editor().post("/api/v1/events/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "2025-05-15T14:00:00+05:00"


def test_a_time_with_an_offset_is_kept_as_that_instant_and_shown_in_the_event_zone(directory):
    payload = NEW_EVENT | {"starts_at": "2025-05-15T09:00:00Z", "ends_at": None}
    response = editor().post("/api/v1/events/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "2025-05-15T12:00:00+03:00"
    assert Event.objects.get().starts_at == datetime.datetime(2025, 5, 15, 9, 0, tzinfo=UTC)


def test_a_time_with_an_unusual_offset_is_stored_as_its_instant(directory):
    payload = NEW_EVENT | {"starts_at": "2025-05-15T00:00:00-22:30", "ends_at": None}
    response = editor().post("/api/v1/events/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Event.objects.get().starts_at == datetime.datetime(2025, 5, 15, 22, 30, tzinfo=UTC)
    assert response.json()["starts_at"] == "2025-05-16T01:30:00+03:00"


def test_a_naive_time_in_an_update_is_read_in_the_events_stored_zone():
    event = EventFactory(timezone="Europe/Moscow", starts_at=None, ends_at=None)
    response = editor().patch(
        f"/api/v1/events/{event.slug}/", {"starts_at": "2025-07-01T18:00"}, format="json"
    )
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert event.starts_at == datetime.datetime(2025, 7, 1, 15, 0, tzinfo=UTC)


def test_a_naive_time_in_an_update_is_read_in_the_zone_sent_with_it():
    event = EventFactory(timezone="Europe/Moscow", series=SeriesFactory())
    payload = {"timezone": "Asia/Karachi", "starts_at": "2025-07-01T18:00", "ends_at": "2025-07-01T20:00"}
    response = editor().patch(f"/api/v1/events/{event.slug}/", payload, format="json")
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert event.starts_at == datetime.datetime(2025, 7, 1, 13, 0, tzinfo=UTC)
    assert response.json()["ends_at"] == "2025-07-01T20:00:00+05:00"


def test_updating_nested_lists_replaces_them_and_leaves_the_others_alone(directory):
    event = EventFactory()
    ParticipationFactory(event=event, role="chair")
    EventOrganizationFactory(event=event)
    RecommendationFactory(event=event, text="Keep me.")
    payload = {"participants": [{"person": "kozin", "role": "discussant", "order": 5}]}
    response = editor().patch(f"/api/v1/events/{event.slug}/", payload, format="json")
    assert response.status_code == 200, response.json()
    assert [(p["person"], p["role"], p["order"]) for p in response.json()["participants"]] == [
        ("kozin", "discussant", 5)
    ]
    assert event.organizers.count() == 1
    assert [r.text for r in event.recommendations.all()] == ["Keep me."]
    response = editor().patch(f"/api/v1/events/{event.slug}/", {"recommendations": []}, format="json")
    assert response.json()["recommendations"] == []
    assert not Recommendation.objects.exists()


def test_a_refused_update_changes_nothing(directory):
    event = EventFactory(title="Before")
    ParticipationFactory(event=event, person=PersonFactory(slug="speaker"))
    payload = {"title": "After", "participants": [{"person": "nobody", "role": "speaker"}]}
    response = editor().patch(f"/api/v1/events/{event.slug}/", payload, format="json")
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.title == "Before"
    assert [p.person.slug for p in event.participations.all()] == ["speaker"]


def test_put_replaces_the_event_and_keeps_nested_lists_that_are_not_sent(directory):
    event = EventFactory()
    ParticipationFactory(event=event, person=PersonFactory(slug="kept"))
    payload = {"title": "Renamed", "kind": "lecture", "timezone": "Asia/Karachi"}
    response = editor().put(f"/api/v1/events/{event.slug}/", payload, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["kind"] == "lecture"
    assert [p["person"] for p in response.json()["participants"]] == ["kept"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"starts_at": "2025-05-15T16:00:00", "ends_at": "2025-05-15T14:00:00"},
            "ends_at",
            "The event ends before it starts.",
        ),
        ({"starts_at": None}, "starts_at", "Give the start as well as the end."),
        (
            {
                "participants": [
                    {"person": "kozin", "role": "speaker"},
                    {"person": "kozin", "role": "speaker"},
                ]
            },
            "participants",
            "This person is already listed in this role at this event.",
        ),
        (
            {"organizers": [{"organization": "nips"}, {"organization": "nips", "role": "partner"}]},
            "organizers",
            "This organization is already listed for this event.",
        ),
        (
            {"timezone": "Mars/Olympus"},
            "timezone",
            "“Mars/Olympus” is not a time zone name; use one like Asia/Karachi or Europe/Moscow.",
        ),
        ({"starts_at": "0001-01-01T02:00:00"}, "starts_at", "This date and time is out of range."),
        (
            {"timezone": "America/New_York", "starts_at": "0001-01-01T00:30:00+00:00"},
            "starts_at",
            "Enter a date between the years 1800 and 2200.",
        ),
        (
            {"timezone": "Pacific/Kiritimati", "starts_at": "9999-12-31T23:30:00+00:00"},
            "starts_at",
            "Enter a date between the years 1800 and 2200.",
        ),
    ],
)
def test_event_rules_of_the_admin_are_field_level_400s(directory, payload, field, message):
    response = editor().post("/api/v1/events/", NEW_EVENT | payload, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "party"}, "kind"),
        ({"series": "no-such-series"}, "series"),
        ({"starts_at": "the fifteenth"}, "starts_at"),
        ({"venue": {"country": "Narnia"}}, "venue"),
        ({"venue": "Hotel"}, "venue"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"participants": [{"person": "nobody", "role": "speaker"}]}, "participants"),
        ({"participants": [{"person": "kozin", "role": "heckler"}]}, "participants"),
        ({"participants": "kozin"}, "participants"),
        ({"organizers": [{"organization": "nips", "role": "sponsor"}]}, "organizers"),
        ({"recommendations": "Be friends."}, "recommendations"),
        ({"recommendations": [None]}, "recommendations"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"status": "secret"}, "status"),
    ],
)
def test_bad_event_writes_are_field_level_400s(directory, payload, field):
    response = editor().post("/api/v1/events/", NEW_EVENT | payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Event.objects.exists()


def test_a_nested_row_in_a_patch_is_still_written_whole(directory):
    event = EventFactory()
    ParticipationFactory(event=event, person=PersonFactory(slug="kept"))
    payload = {"participants": [{"role": "speaker"}], "organizers": [{}]}
    response = editor().patch(f"/api/v1/events/{event.slug}/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "organizers": {"0": {"organization": ["This field is required."]}},
        "participants": {"0": {"person": ["This field is required."]}},
    }
    assert [p.person.slug for p in event.participations.all()] == ["kept"]


@pytest.mark.parametrize("field", ["series", "participants", "organizers", "topics"])
def test_a_null_character_in_a_slug_is_a_field_error(directory, field):
    value = {
        "series": "nips\x00",
        "participants": [{"person": "\x00", "role": "speaker"}],
        "organizers": [{"organization": "nips\x00"}],
        "topics": ["\x00"],
    }[field]
    response = editor().post("/api/v1/events/", NEW_EVENT | {field: value}, format="json")
    assert response.status_code == 400
    assert "Null characters are not allowed." in str(response.json()[field])


def test_a_lone_surrogate_in_a_refused_value_is_quoted_as_its_escape(directory):
    body = '{"title": "Talk", "kind": "\\ud800"}'
    response = editor().post("/api/v1/events/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"kind": ['"\\ud800" is not a valid choice.']}


def test_deleting_an_event_where_an_agreement_was_signed_is_refused_with_409():
    event = EventFactory()
    make_agreement_between(OrganizationFactory(), OrganizationFactory(), signing_event=event)
    response = editor().delete(f"/api/v1/events/{event.slug}/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This record cannot be deleted while other records point at it.",
        "referenced_by": ["agreements"],
    }
    assert Event.objects.filter(pk=event.pk).exists()


# Agreements


def test_agreement_record_nests_parties_areas_people_and_the_signing_event(client):
    event = EventFactory(slug="signing-ceremony")
    agreement = AgreementFactory(
        title="MoU between KMCSC and RMR",
        slug="kmcsc-rmr",
        expires_on=datetime.date(2030, 3, 1),
        signing_event=event,
    )
    AgreementPartyFactory(
        agreement=agreement,
        organization=OrganizationFactory(name="Kazan-Multan Cultural Studies Centre", slug="kmcsc"),
        signatory=PersonFactory(honorific="Dr.", given_name="Ilsur", family_name="Nafikov", slug="nafikov"),
        signatory_title="Director",
        order=1,
    )
    AgreementPartyFactory(
        agreement=agreement,
        organization=OrganizationFactory(name="Rehmat & Maryam Researches", slug="rmr"),
        order=2,
    )
    AgreementAreaFactory(agreement=agreement, kind="activity", name="Joint conferences", order=1)
    AgreementAreaFactory(agreement=agreement, kind="field", name="Sufism", order=2)
    FeaturedPersonFactory(
        agreement=agreement, person=PersonFactory(given_name="Ruslan", family_name="Karimov")
    )
    FeaturedPersonFactory(agreement=agreement, person=PersonFactory(status=Status.DRAFT))

    body = client.get("/api/v1/agreements/kmcsc-rmr/").json()

    assert body["url"] == "http://testserver/api/v1/agreements/kmcsc-rmr/"
    assert body["web_url"] == "http://testserver/agreements/kmcsc-rmr/"
    assert body["kind"] == "mou"
    assert body["parties"] == [
        {
            "organization": "kmcsc",
            "organization_name": "Kazan-Multan Cultural Studies Centre",
            "signatory": "nafikov",
            "signatory_name": "Dr. Ilsur Nafikov",
            "signatory_title": "Director",
            "order": 1,
        },
        {
            "organization": "rmr",
            "organization_name": "Rehmat & Maryam Researches",
            "signatory": None,
            "signatory_name": None,
            "signatory_title": "",
            "order": 2,
        },
    ]
    assert body["signed_on"] == "2025-03-01"
    assert body["signed_at"] == {"city": "Islamabad", "country": "PK"}
    assert body["signing_event"] == "signing-ceremony"
    assert body["legal_status"] == "in_force"
    assert body["effective_status"] == "in_force"
    assert body["expires_on"] == "2030-03-01"
    assert body["areas"] == [
        {"kind": "activity", "name": "Joint conferences"},
        {"kind": "field", "name": "Sufism"},
    ]
    assert body["featured_people"] == [{"person": "ruslan-karimov", "display_name": "Ruslan Karimov"}]
    assert body["document"] is None


def test_draft_parts_of_an_agreement_are_shown_to_staff_only(client):
    agreement = AgreementFactory(signing_event=EventFactory(status=Status.DRAFT, slug="draft-event"))
    FeaturedPersonFactory(agreement=agreement, person=PersonFactory(status=Status.DRAFT, slug="draft-person"))
    public = client.get(f"/api/v1/agreements/{agreement.slug}/").json()
    assert public["signing_event"] is None and public["featured_people"] == []
    staff = editor().get(f"/api/v1/agreements/{agreement.slug}/").json()
    assert staff["signing_event"] == "draft-event"
    assert [f["person"] for f in staff["featured_people"]] == ["draft-person"]


def test_staff_without_the_right_to_view_drafts_sees_what_the_public_sees():
    agreement = AgreementFactory(signing_event=EventFactory(status=Status.DRAFT))
    staff = token_client(UserFactory(is_staff=True))
    assert staff.get(f"/api/v1/agreements/{agreement.slug}/").json()["signing_event"] is None


def test_agreement_past_its_expiry_reads_as_expired(client):
    agreement = AgreementFactory(signed_on=datetime.date(2015, 1, 1), expires_on=datetime.date(2020, 1, 1))
    body = client.get(f"/api/v1/agreements/{agreement.slug}/").json()
    assert (body["legal_status"], body["effective_status"]) == ("in_force", "expired")


def test_agreement_filters(client):
    kmcsc, rmr, nips = (OrganizationFactory(slug=s) for s in ("kmcsc", "rmr", "nips"))
    signatory, featured = PersonFactory(slug="nafikov"), PersonFactory(slug="karimov")
    topic = TopicFactory(name="Cultural diplomacy", slug="cultural-diplomacy")
    mou = make_agreement_between(
        kmcsc, rmr, title="Sufism studies", signed_on=datetime.date(2025, 3, 1), signed_country="RU"
    )
    AgreementParty.objects.filter(agreement=mou, organization=kmcsc).update(signatory=signatory)
    mou.topics.add(topic)
    letter = make_agreement_between(
        rmr,
        nips,
        kind="letter_of_intent",
        title="Letter on exchanges",
        signed_on=datetime.date(2023, 5, 1),
        expires_on=datetime.date(2024, 1, 1),
    )
    FeaturedPersonFactory(agreement=letter, person=featured)
    ended = make_agreement_between(nips, kmcsc, title="Closed MoU", signed_on=None, legal_status="terminated")

    assert slugs(client, "/api/v1/agreements/") == [mou.slug, letter.slug, ended.slug]
    assert slugs(client, "/api/v1/agreements/?kind=letter_of_intent") == [letter.slug]
    assert slugs(client, "/api/v1/agreements/?topic=cultural-diplomacy") == [mou.slug]
    assert slugs(client, "/api/v1/agreements/?person=nafikov") == [mou.slug]
    assert slugs(client, "/api/v1/agreements/?person=karimov") == [letter.slug]
    assert slugs(client, "/api/v1/agreements/?organization=rmr") == [mou.slug, letter.slug]
    assert slugs(client, "/api/v1/agreements/?country=RU") == [mou.slug]
    assert slugs(client, "/api/v1/agreements/?signed_after=2025-03-01") == [mou.slug]
    assert slugs(client, "/api/v1/agreements/?signed_before=2025-02-28") == [letter.slug]
    assert slugs(client, "/api/v1/agreements/?legal_status=in_force") == [mou.slug]
    assert slugs(client, "/api/v1/agreements/?legal_status=expired") == [letter.slug]
    assert slugs(client, "/api/v1/agreements/?legal_status=terminated") == [ended.slug]
    assert slugs(client, "/api/v1/agreements/?status=draft") == []
    assert slugs(client, "/api/v1/agreements/?search=sufism") == [mou.slug]
    assert slugs(client, "/api/v1/agreements/?ordering=title") == [ended.slug, letter.slug, mou.slug]
    Agreement.objects.exclude(pk=ended.pk).update(updated_at="2020-01-01T00:00:00Z")
    assert slugs(client, "/api/v1/agreements/?updated_since=2024-01-01") == [ended.slug]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=treaty", "kind"),
        ("topic=nope", "topic"),
        ("person=nope", "person"),
        ("organization=nope", "organization"),
        ("country=XX", "country"),
        ("signed_after=March", "signed_after"),
        ("signed_before=2025-02-30", "signed_before"),
        ("legal_status=void", "legal_status"),
        ("status=secret", "status"),
        ("updated_since=yesterday", "updated_since"),
    ],
)
def test_bad_agreement_filter_values_are_400s_naming_the_filter(client, query, field):
    response = client.get(f"/api/v1/agreements/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    ("who", "published", "draft"),
    [("anonymous", 200, 404), ("no_rights", 200, 404), ("editor", 200, 200), ("superuser", 200, 200)],
)
def test_agreement_read_permission_matrix(who, published, draft):
    client = clients()[who]
    shown, hidden = AgreementFactory(), AgreementFactory(status=Status.DRAFT)
    assert client.get(f"/api/v1/agreements/{shown.slug}/").status_code == published
    assert client.get(f"/api/v1/agreements/{hidden.slug}/").status_code == draft
    assert (hidden.slug in slugs(client, "/api/v1/agreements/")) == (draft == 200)


NEW_AGREEMENT = {
    "title": "MoU between KMCSC and RMR",
    "kind": "mou",
    "parties": [
        {"organization": "kmcsc", "signatory": "nafikov", "signatory_title": "Director"},
        {"organization": "rmr"},
    ],
    "signed_on": "2025-03-01",
    "signed_at": {"city": "Islamabad", "country": "PK"},
    "areas": [{"kind": "activity", "name": "Joint conferences"}, {"kind": "focus", "name": "Sufism"}],
    "featured_people": [{"person": "karimov"}],
    "topics": ["cultural-diplomacy"],
    "status": "published",
}


@pytest.fixture
def parties():
    OrganizationFactory(slug="kmcsc", name="KMCSC")
    OrganizationFactory(slug="rmr", name="RMR")
    PersonFactory(slug="nafikov", given_name="Ilsur", family_name="Nafikov")
    PersonFactory(slug="karimov", given_name="Ruslan", family_name="Karimov")
    TopicFactory(name="Cultural diplomacy", slug="cultural-diplomacy")


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 201), ("superuser", 201)]
)
def test_create_agreement_permission_matrix(parties, who, expected):
    response = clients()[who].post("/api/v1/agreements/", NEW_AGREEMENT, format="json")
    assert response.status_code == expected
    assert Agreement.objects.exists() == (expected == 201)


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 200), ("superuser", 200)]
)
def test_update_agreement_permission_matrix(who, expected):
    agreement = AgreementFactory(title="Before")
    response = clients()[who].patch(
        f"/api/v1/agreements/{agreement.slug}/", {"title": "After"}, format="json"
    )
    assert response.status_code == expected
    agreement.refresh_from_db()
    assert agreement.title == ("After" if expected == 200 else "Before")


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 204), ("superuser", 204)]
)
def test_delete_agreement_permission_matrix(who, expected):
    agreement = make_agreement_between(OrganizationFactory(), OrganizationFactory())
    assert clients()[who].delete(f"/api/v1/agreements/{agreement.slug}/").status_code == expected
    assert Agreement.objects.exists() == (expected != 204)
    assert AgreementParty.objects.exists() == (expected != 204)


def test_editor_creates_an_agreement_with_parties_areas_and_people(parties):
    response = editor().post("/api/v1/agreements/", NEW_AGREEMENT, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(p["organization"], p["signatory"], p["order"]) for p in body["parties"]] == [
        ("kmcsc", "nafikov", 1),
        ("rmr", None, 2),
    ]
    assert body["parties"][0]["signatory_name"] == "Ilsur Nafikov"
    assert body["signed_at"] == {"city": "Islamabad", "country": "PK"}
    agreement = Agreement.objects.get()
    assert (agreement.signed_city, agreement.signed_country.code) == ("Islamabad", "PK")
    assert [(a.kind, a.name) for a in agreement.areas.all()] == [
        ("activity", "Joint conferences"),
        ("focus", "Sufism"),
    ]
    assert [f.person.slug for f in agreement.featured.all()] == ["karimov"]
    assert [t.slug for t in agreement.topics.all()] == ["cultural-diplomacy"]


def test_updating_an_agreement_without_parties_keeps_them(parties):
    agreement = make_agreement_between(OrganizationFactory(), OrganizationFactory())
    response = editor().patch(
        f"/api/v1/agreements/{agreement.slug}/", {"legal_status": "terminated"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert len(response.json()["parties"]) == 2
    assert response.json()["effective_status"] == "terminated"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"parties": [{"organization": "kmcsc"}]},
            "parties",
            "An agreement needs at least two parties; 1 given.",
        ),
        (
            {"parties": [{"organization": "kmcsc"}, {"organization": "kmcsc"}]},
            "parties",
            "KMCSC is listed as a party more than once.",
        ),
        ({"expires_on": "2024-01-01"}, "expires_on", "The agreement expires before it was signed."),
        (
            {"areas": [{"name": "Sufism"}, {"kind": "field", "name": "Sufism"}]},
            "areas",
            "This area is already listed for this agreement.",
        ),
        (
            {"featured_people": [{"person": "karimov"}, {"person": "karimov"}]},
            "featured_people",
            "This person is already featured in this agreement.",
        ),
    ],
)
def test_agreement_rules_of_the_admin_are_field_level_400s(parties, payload, field, message):
    response = editor().post("/api/v1/agreements/", NEW_AGREEMENT | payload, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not Agreement.objects.exists()


def test_an_agreement_cannot_be_created_without_parties(parties):
    payload = {key: value for key, value in NEW_AGREEMENT.items() if key != "parties"}
    response = editor().post("/api/v1/agreements/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"parties": ["An agreement needs at least two parties; 0 given."]}


def test_an_agreement_cannot_be_left_with_one_party(parties):
    agreement = make_agreement_between(OrganizationFactory(), OrganizationFactory())
    payload = {"parties": [{"organization": "rmr"}]}
    response = editor().patch(f"/api/v1/agreements/{agreement.slug}/", payload, format="json")
    assert response.status_code == 400
    assert agreement.parties.count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "treaty"}, "kind"),
        ({"signed_on": "1 March"}, "signed_on"),
        ({"signed_at": {"country": "Atlantis"}}, "signed_at"),
        ({"signing_event": "no-such-event"}, "signing_event"),
        ({"legal_status": "void"}, "legal_status"),
        ({"parties": [{"organization": "kmcsc"}, {"organization": "nobody"}]}, "parties"),
        ({"parties": [{"organization": "kmcsc", "signatory": "nobody"}, {"organization": "rmr"}]}, "parties"),
        ({"areas": [{"kind": "dream", "name": "Sufism"}]}, "areas"),
        ({"featured_people": [{"person": "nobody"}]}, "featured_people"),
    ],
)
def test_bad_agreement_writes_are_field_level_400s(parties, payload, field):
    response = editor().post("/api/v1/agreements/", NEW_AGREEMENT | payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Agreement.objects.exists()


# Shared behaviour: conditional requests, query counts, schema


@pytest.mark.parametrize("resource", ["events", "agreements"])
def test_conditional_get_answers_304_until_the_record_changes(client, resource):
    record = EventFactory() if resource == "events" else AgreementFactory()
    for url in (f"/api/v1/{resource}/", f"/api/v1/{resource}/{record.slug}/"):
        etag = client.get(url).headers["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    detail = f"/api/v1/{resource}/{record.slug}/"
    etag = client.get(detail).headers["ETag"]
    record.title = "Changed"
    record.save()
    response = client.get(detail, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title"] == "Changed"


def events_with_every_field_set_and_unset() -> list[Event]:
    full = EventFactory(
        series=SeriesFactory(),
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 4, 29, 11, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2025, 4, 30, 15, 30, 15, tzinfo=UTC),
        online_url="https://example.org/watch",
        summary="A seminar.",
        body="<p>What was said.</p>",
        recording_url="https://example.org/recording",
        registration_url="https://example.org/register",
        cover_alt="The hall",
        cover_credit="NIPS",
    )
    Event.objects.filter(pk=full.pk).update(cover="event-covers/hall.jpg", report="event-reports/report.pdf")
    # Topics come by name: neither in the order they were made nor by slug.
    full.topics.add(
        TopicFactory(name="Water", slug="a-water"),
        TopicFactory(name="Energy", slug="z-energy"),
        TopicFactory(name="History", slug="m-history"),
    )
    EventOrganizationFactory(event=full, organization=OrganizationFactory(status=Status.DRAFT), order=2)
    EventOrganizationFactory(event=full, role="partner", order=1)
    ParticipationFactory(
        event=full,
        person=PersonFactory(
            honorific="Dr.", given_name="Ruslan", patronymic="Ildarovich", family_name="Karimov"
        ),
        role="chair",
        order=3,
        talk_title="Water and borders",
        highlight="Water is a shared risk.",
    )
    ParticipationFactory(event=full, person=PersonFactory(status=Status.DRAFT), order=1)
    ParticipationFactory(event=full, person=PersonFactory(given_name="", family_name="", native_name="علی"))
    RecommendationFactory(event=full, text="Share flood data.", order=2)
    RecommendationFactory(event=full, text="Set up a working group.", order=1)
    in_utc = EventFactory(timezone="UTC", ends_at=None, series=None, country="RU")
    bare = EventFactory(
        starts_at=None, venue_name="", city="", country="", status=Status.DRAFT, kind=Event.Kind.WEBINAR
    )
    return list(Event.objects.filter(pk__in=[full.pk, in_utc.pk, bare.pk]).order_by("pk"))


@pytest.mark.parametrize("reader", ["anonymous", "editor", "staff"])
def test_event_read_path_gives_what_drf_fields_give(reader):
    events = events_with_every_field_set_and_unset()
    user = readers()[reader]
    assert_reads_as_drf(EventSerializer, events, user=user)
    assert_reads_as_drf(EventSerializer, events, user=user, path="/api/v1/events/?format=json", format="json")
    with timezone.override(datetime.UTC):
        assert_reads_as_drf(EventSerializer, events, user=user)


def agreements_with_every_field_set_and_unset() -> list[Agreement]:
    full = AgreementFactory(
        kind=Agreement.Kind.AGREEMENT,
        signing_event=EventFactory(),
        signed_on=datetime.date(2015, 1, 1),
        expires_on=datetime.date(2020, 1, 1),
        summary="Joint research.",
        body="<p>The text.</p>",
    )
    Agreement.objects.filter(pk=full.pk).update(document="agreements/mou.pdf")
    full.topics.add(TopicFactory(name="Water", slug="a-water"), TopicFactory(name="Energy", slug="z-energy"))
    AgreementPartyFactory(
        agreement=full,
        signatory=PersonFactory(honorific="Dr.", given_name="Ilsur", family_name="Nafikov"),
        signatory_title="Director",
        order=2,
    )
    AgreementPartyFactory(
        agreement=full,
        organization=OrganizationFactory(status=Status.DRAFT),
        signatory=PersonFactory(status=Status.DRAFT, native_name="Ильсур"),
        order=1,
    )
    AgreementPartyFactory(agreement=full, order=3)
    AgreementAreaFactory(agreement=full, kind="activity", name="Joint conferences", order=2)
    AgreementAreaFactory(agreement=full, kind="field", name="Sufism", order=1)
    FeaturedPersonFactory(agreement=full, person=PersonFactory(status=Status.DRAFT), order=1)
    FeaturedPersonFactory(agreement=full, person=PersonFactory(patronymic="Ildarovich"), order=2)
    FeaturedPersonFactory(agreement=full, person=PersonFactory(), order=3)
    under_draft_event = AgreementFactory(
        signing_event=EventFactory(status=Status.DRAFT), legal_status=Agreement.LegalStatus.TERMINATED
    )
    bare = AgreementFactory(signed_on=None, signed_city="", signed_country="", status=Status.DRAFT)
    return list(Agreement.objects.filter(pk__in=[full.pk, under_draft_event.pk, bare.pk]).order_by("pk"))


@pytest.mark.parametrize("reader", ["anonymous", "editor", "staff"])
def test_agreement_read_path_gives_what_drf_fields_give(reader):
    agreements = agreements_with_every_field_set_and_unset()
    user = readers()[reader]
    assert_reads_as_drf(AgreementSerializer, agreements, user=user)
    assert_reads_as_drf(AgreementSerializer, agreements, user=user, path="/api/v1/agreements/", format="json")
    with timezone.override(datetime.UTC):
        assert_reads_as_drf(AgreementSerializer, agreements, user=user)


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_and_detail_run_constant_queries(client, django_assert_max_num_queries, count):
    series = SeriesFactory()
    for _ in range(count):
        event = EventFactory(series=series)
        event.topics.add(TopicFactory())
        EventOrganizationFactory(event=event)
        ParticipationFactory.create_batch(3, event=event)
        RecommendationFactory.create_batch(2, event=event)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/events/").json()["results"]) == count
    with django_assert_max_num_queries(5):
        assert len(client.get(f"/api/v1/events/{event.slug}/").json()["participants"]) == 3


@pytest.mark.parametrize("count", [1, 3])
def test_agreement_list_and_detail_run_constant_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        agreement = make_agreement_between(
            OrganizationFactory(), OrganizationFactory(), signing_event=EventFactory()
        )
        AgreementParty.objects.filter(agreement=agreement).update(signatory=PersonFactory())
        agreement.topics.add(TopicFactory())
        AgreementAreaFactory.create_batch(2, agreement=agreement)
        FeaturedPersonFactory.create_batch(2, agreement=agreement)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/agreements/").json()["results"]) == count
    with django_assert_max_num_queries(5):
        assert len(client.get(f"/api/v1/agreements/{agreement.slug}/").json()["featured_people"]) == 2


def test_schema_documents_the_event_and_agreement_filters_and_fields(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    events = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {
        "kind", "topic", "person", "organization", "series", "country", "starts_after",
        "starts_before", "status", "updated_since", "search", "ordering", "page", "page_size",
    } <= events  # fmt: skip
    agreements = {p["name"] for p in schema["paths"]["/api/v1/agreements/"]["get"]["parameters"]}
    assert {
        "kind", "topic", "person", "organization", "country", "signed_after", "signed_before",
        "legal_status", "status", "updated_since", "search", "ordering",
    } <= agreements  # fmt: skip
    event = schema["components"]["schemas"]["Event"]["properties"]
    assert event["starts_at"]["format"] == "date-time"
    assert event["participants"]["items"]["$ref"] == "#/components/schemas/Participant"
    assert "409" in schema["paths"]["/api/v1/events/{slug}/"]["delete"]["responses"]
