import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Agreement, Event
from pakrus_site.editors import EDITORS_GROUP
from tests.events.factories import (
    KARACHI,
    MOSCOW,
    EventFactory,
    ParticipationFactory,
    SeriesFactory,
    agreement_admin_form,
    event_admin_form,
)
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

SEED_003_RECOMMENDATIONS = [
    "Institutional dialogues that prioritize the relationship and tackle barriers to trade.",
    "Public-private partnerships for infrastructure and connectivity, notably the INSTC.",
    "Russian cultural festivals in Islamabad through CAPS.",
    "Russian language skills for Pakistan's Russia experts, with NUML and universities.",
    "Skills training for Russia's labour market and agreements easing labour migration.",
    "Reject unilateral moves such as suspending the Indus Waters Treaty; use Russian water technology.",
    "Russian professors on the panels that examine Pakistani PhD theses.",
]


def _errors(response) -> str:
    return response.content.decode() if response.status_code == 200 else ""


def test_editors_group_can_manage_events_and_agreements():
    codenames = set(Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True))
    assert {
        "add_event",
        "change_event",
        "delete_event",
        "add_participation",
        "add_recommendation",
        "add_eventorganization",
        "add_series",
        "add_agreement",
        "change_agreement",
        "add_agreementparty",
        "add_agreementarea",
        "add_featuredperson",
    } <= codenames


def test_staff_outside_the_editors_group_cannot_open_events(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/events/event/").status_code == 403


def test_editor_enters_the_seed_003_report_in_one_form(editor_client):
    caps = OrganizationFactory(name="Consortium for Asia-Pacific Studies", short_name="CAPS")
    chair = PersonFactory(honorific="Dr.", given_name="Khurram", family_name="Iqbal")
    moderator = PersonFactory(given_name="Umair Pervez", family_name="Khan")
    speakers = [
        PersonFactory(honorific="Dr.", given_name="Roksolana", family_name="Zigon"),
        PersonFactory(honorific="Mr.", given_name="Taimur Fahad", family_name="Khan"),
        PersonFactory(honorific="Dr.", given_name="Ilsur", family_name=""),
        PersonFactory(honorific="Dr.", given_name="Shabbir", family_name="Ahmed"),
        PersonFactory(honorific="Mr.", given_name="Gleb", family_name="Makarevich"),
    ]
    participants = [(chair, "chair", "Opened the session."), (moderator, "moderator", "")] + [
        (person, "speaker", f"Highlight of {person.given_name}.") for person in speakers
    ]
    topic = TopicFactory(name="Non-traditional security")
    response = editor_client.post(
        "/admin/events/event/add/",
        event_admin_form(
            organizers=[caps],
            participants=participants,
            recommendations=SEED_003_RECOMMENDATIONS,
            topics=[str(topic.pk)],
            body="<p>The seminar closed with questions from the floor.</p>",
        ),
    )
    assert response.status_code == 302, _errors(response)

    event = Event.objects.get()
    assert event.slug == "pakistan-russia-cooperation-in-non-traditional-security"
    assert event.local_starts_at == datetime.datetime(2025, 4, 29, 14, 0, tzinfo=KARACHI)
    assert event.local_ends_at == datetime.datetime(2025, 4, 29, 16, 0, tzinfo=KARACHI)
    assert event.starts_at == datetime.datetime(2025, 4, 29, 9, 0, tzinfo=datetime.UTC)
    assert event.venue == "Hotel Crown Plaza, Islamabad, Pakistan"
    assert [link.organization.short_name for link in event.hosts] == ["CAPS"]
    assert [(p.person.display_name, p.role) for p in event.participations.all()] == [
        ("Dr. Khurram Iqbal", "chair"),
        ("Umair Pervez Khan", "moderator"),
        ("Dr. Roksolana Zigon", "speaker"),
        ("Mr. Taimur Fahad Khan", "speaker"),
        ("Dr. Ilsur", "speaker"),
        ("Dr. Shabbir Ahmed", "speaker"),
        ("Mr. Gleb Makarevich", "speaker"),
    ]
    assert event.participations.get(person=speakers[2]).highlight == "Highlight of Ilsur."
    assert [r.text for r in event.recommendations.all()] == SEED_003_RECOMMENDATIONS
    assert [t.name for t in event.topics.all()] == ["Non-traditional security"]
    assert event.is_published and event.published_at is not None


def test_times_are_entered_as_the_venue_clock_in_the_event_zone(editor_client):
    response = editor_client.post(
        "/admin/events/event/add/", event_admin_form(title="Kazan roundtable", timezone="Europe/Moscow")
    )
    assert response.status_code == 302, _errors(response)
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2025, 4, 29, 11, 0, tzinfo=datetime.UTC)
    assert event.local_starts_at == datetime.datetime(2025, 4, 29, 14, 0, tzinfo=MOSCOW)


def test_change_form_shows_the_times_in_the_event_zone(editor_client):
    event = EventFactory(
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 5, 15, 11, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2025, 5, 15, 13, 0, tzinfo=datetime.UTC),
    )
    html = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="starts_at_1" value="14:00:00"' in html
    assert 'name="ends_at_1" value="16:00:00"' in html
    assert '<option value="Europe/Moscow" selected>Europe/Moscow</option>' in html


def test_saving_an_unchanged_event_keeps_its_times(editor_client):
    event = EventFactory(
        timezone="Europe/Moscow", starts_at=datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW)
    )
    response = editor_client.post(
        f"/admin/events/event/{event.pk}/change/",
        event_admin_form(
            title=event.title,
            slug=event.slug,
            timezone="Europe/Moscow",
            starts_at_0="2025-05-15",
            starts_at_1="14:00:00",
            ends_at_0="2025-05-15",
            ends_at_1="16:00:00",
        ),
    )
    assert response.status_code == 302, _errors(response)
    event.refresh_from_db()
    assert event.local_starts_at == datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW)


def test_event_without_a_recorded_date_can_be_saved(editor_client):
    response = editor_client.post(
        "/admin/events/event/add/",
        event_admin_form(title="NIPS webinar", starts_at_0="", starts_at_1="", ends_at_0="", ends_at_1=""),
    )
    assert response.status_code == 302, _errors(response)
    assert Event.objects.get().starts_at is None


def test_a_date_without_a_time_is_refused_with_a_clear_message(editor_client):
    response = editor_client.post("/admin/events/event/add/", event_admin_form(starts_at_1=""))
    assert response.status_code == 200
    assert "Enter both a date and a time." in response.content.decode()
    assert not Event.objects.exists()


def test_end_before_start_is_refused_with_a_clear_message(editor_client):
    response = editor_client.post("/admin/events/event/add/", event_admin_form(ends_at_1="13:00"))
    assert response.status_code == 200
    assert "The event ends before it starts." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "form",
    [
        {"starts_at_0": "0001-01-01", "starts_at_1": "00:00", "ends_at_0": "", "ends_at_1": ""},
        {
            "timezone": "America/New_York",
            "starts_at_0": "9999-12-31",
            "starts_at_1": "23:00",
            "ends_at_0": "",
            "ends_at_1": "",
        },
    ],
)
def test_a_date_no_zone_can_convert_is_refused_with_a_clear_message(editor_client, form):
    response = editor_client.post("/admin/events/event/add/", event_admin_form(**form))
    assert response.status_code == 200
    assert "Enter a date between the years 1800 and 2200." in response.content.decode()
    assert not Event.objects.exists()


def test_unknown_time_zone_is_refused(editor_client):
    response = editor_client.post("/admin/events/event/add/", event_admin_form(timezone="Asia/Islamabad"))
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Event.objects.exists()


def test_same_person_twice_in_the_same_role_is_refused_with_a_clear_message(editor_client):
    person = PersonFactory()
    response = editor_client.post(
        "/admin/events/event/add/",
        event_admin_form(participants=[(person, "speaker", ""), (person, "speaker", "")]),
    )
    assert response.status_code == 200
    assert "The same person is listed twice in the same role" in response.content.decode()
    assert not Event.objects.exists()


def test_same_person_twice_in_the_same_role_is_refused_when_added_later(editor_client):
    participation = ParticipationFactory(role="speaker")
    event = participation.event
    data = event_admin_form(
        title=event.title, slug=event.slug, participants=[(participation.person, "speaker", "")]
    )
    response = editor_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert "This person is already listed in this role at this event." in response.content.decode()
    assert event.participations.count() == 1


def test_a_report_that_is_not_a_pdf_is_refused(editor_client):
    fake = SimpleUploadedFile("report.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = editor_client.post("/admin/events/event/add/", event_admin_form(report=fake))
    assert response.status_code == 200
    assert "The file is not a PDF document." in response.content.decode()
    assert not Event.objects.exists()


def test_a_real_pdf_report_is_stored(editor_client):
    pdf = SimpleUploadedFile("CAPS report.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    response = editor_client.post("/admin/events/event/add/", event_admin_form(report=pdf))
    assert response.status_code == 302, _errors(response)
    assert Event.objects.get().report.name.startswith("event-reports/")


def test_event_form_offers_person_autocomplete_with_an_add_link_and_local_assets(editor_client):
    html = editor_client.get("/admin/events/event/add/").content.decode()
    assert 'data-model-name="participation" data-field-name="person"' in html
    assert 'href="/admin/people/person/add/?_to_field=id&amp;_popup=1"' in html
    assert "/static/adminsortable2/js/adminsortable2" in html
    assert "django_prose_editor" in html
    assert 'src="http' not in html
    assert 'href="http' not in html.split("<body")[0]


def test_event_list_shows_date_in_zone_kind_status_and_venue(editor_client):
    EventFactory(
        title="Kazan roundtable",
        kind="roundtable",
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW),
        venue_name="Kazan Federal University",
        city="Kazan",
        country="RU",
        status="draft",
    )
    html = editor_client.get("/admin/events/event/").content.decode()
    assert "15 May 2025, 14:00 MSK" in html
    assert "Roundtable" in html
    assert "Kazan Federal University, Kazan, Russia" in html
    assert "Draft" in html


def test_event_list_filters_and_searches_by_speaker_and_venue(editor_client):
    series = SeriesFactory(name="NIPS Lecture Series")
    energy = TopicFactory(name="Energy")
    webinar = EventFactory(title="Webinar", kind="webinar", series=series, venue_name="Online studio")
    webinar.topics.add(energy)
    ParticipationFactory(event=webinar, person__given_name="Vladimir", person__family_name="Kozin")
    EventFactory(title="Older seminar", starts_at=datetime.datetime(2024, 3, 1, 10, 0, tzinfo=KARACHI))

    def titles(query):
        response = editor_client.get(f"/admin/events/event/{query}")
        assert response.status_code == 200
        return sorted(e.title for e in response.context["cl"].result_list)

    assert titles("?q=Kozin") == ["Webinar"]
    assert titles("?q=studio") == ["Webinar"]
    assert titles("?kind__exact=webinar") == ["Webinar"]
    assert titles("?year=2024") == ["Older seminar"]
    assert titles(f"?series__id__exact={series.pk}") == ["Webinar"]
    assert titles(f"?topics__id__exact={energy.pk}") == ["Webinar"]
    assert titles("?status__exact=published") == ["Older seminar", "Webinar"]
    assert titles("?starts_at__year=2025") == ["Webinar"]


def test_publish_and_unpublish_actions_on_events(editor_client):
    event = EventFactory(status="draft")
    editor_client.post("/admin/events/event/", {"action": "publish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.is_published and event.published_at is not None
    editor_client.post("/admin/events/event/", {"action": "unpublish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == "draft"


def test_event_change_form_links_to_the_public_page(editor_client):
    event = EventFactory()
    html = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "View on site" in html
    content_type = ContentType.objects.get_for_model(Event)
    redirect = editor_client.get(f"/admin/r/{content_type.pk}/{event.pk}/")
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(event.get_absolute_url())


# Agreements


def test_editor_enters_the_seed_000_mou(editor_client):
    kmcsc = OrganizationFactory(name="Kazan-Multan Cultural Studies Centre", short_name="KMCSC")
    rmr = OrganizationFactory(name="Rehmat & Maryam Researches")
    maryam = PersonFactory(given_name="Maryam", family_name="Habib")
    response = editor_client.post(
        "/admin/events/agreement/add/",
        agreement_admin_form(
            parties=[kmcsc, rmr],
            areas=[("activity", "Faculty exchange"), ("priority", "Islamic Eurasianism")],
            featured=[maryam],
        ),
    )
    assert response.status_code == 302, _errors(response)
    agreement = Agreement.objects.get()
    assert agreement.party_names() == "KMCSC – Rehmat & Maryam Researches"
    assert agreement.signed_on is None
    assert agreement.signed_at == "Islamabad, Pakistan"
    assert [(a.kind, a.name) for a in agreement.areas.all()] == [
        ("activity", "Faculty exchange"),
        ("priority", "Islamic Eurasianism"),
    ]
    assert [f.person for f in agreement.featured.all()] == [maryam]


@pytest.mark.parametrize("count", [0, 1])
def test_agreement_with_fewer_than_two_parties_is_refused(editor_client, count):
    parties = [OrganizationFactory() for _ in range(count)]
    response = editor_client.post("/admin/events/agreement/add/", agreement_admin_form(parties=parties))
    assert response.status_code == 200
    assert f"An agreement needs at least two parties; {count} given." in response.content.decode()
    assert not Agreement.objects.exists()


def test_removing_a_party_below_two_is_refused(editor_client):
    kmcsc, rmr = OrganizationFactory(), OrganizationFactory()
    editor_client.post("/admin/events/agreement/add/", agreement_admin_form(parties=[kmcsc, rmr]))
    agreement = Agreement.objects.get()
    parties = list(agreement.parties.all())
    data = agreement_admin_form(title=agreement.title, slug=agreement.slug) | {
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "2",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for index, party in enumerate(parties):
        data |= {
            f"parties-{index}-id": str(party.pk),
            f"parties-{index}-agreement": str(agreement.pk),
            f"parties-{index}-organization": str(party.organization_id),
            f"parties-{index}-signatory": "",
            f"parties-{index}-signatory_title": "",
            f"parties-{index}-order": str(index + 1),
        }
    data["parties-1-DELETE"] = "on"
    response = editor_client.post(f"/admin/events/agreement/{agreement.pk}/change/", data)
    assert response.status_code == 200
    assert "An agreement needs at least two parties; 1 given." in response.content.decode()
    assert agreement.parties.count() == 2


def test_agreement_listing_one_party_twice_is_refused(editor_client):
    kmcsc = OrganizationFactory()
    response = editor_client.post(
        "/admin/events/agreement/add/", agreement_admin_form(parties=[kmcsc, kmcsc])
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert "Please correct the duplicate data for organization" in response.content.decode()


def test_agreement_document_that_is_not_a_pdf_is_refused(editor_client):
    fake = SimpleUploadedFile("mou.pdf", b"PK\x03\x04 a zip", content_type="application/pdf")
    response = editor_client.post(
        "/admin/events/agreement/add/",
        agreement_admin_form(parties=[OrganizationFactory(), OrganizationFactory()], document=fake),
    )
    assert response.status_code == 200
    assert "The file is not a PDF document." in response.content.decode()


def test_agreement_list_and_search_by_party(editor_client):
    kmcsc = OrganizationFactory(name="Kazan-Multan Cultural Studies Centre", short_name="KMCSC")
    editor_client.post(
        "/admin/events/agreement/add/",
        agreement_admin_form(parties=[kmcsc, OrganizationFactory(short_name="RMR")]),
    )
    response = editor_client.get("/admin/events/agreement/?q=Kazan-Multan")
    assert [a.title for a in response.context["cl"].result_list] == [Agreement.objects.get().title]
    assert "KMCSC – RMR" in response.content.decode()
    assert editor_client.get("/admin/events/agreement/?legal_status__exact=in_force").status_code == 200
