import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pakrus_site.models import Status
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
from tests.publications.factories import ContributionFactory

pytestmark = pytest.mark.django_db

LATER = datetime.datetime.now(KARACHI).replace(microsecond=0) + datetime.timedelta(days=30)


def _titles(response) -> list[str]:
    return [event.title for event in response.context["object_list"]]


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# Event list


def test_event_list_shows_upcoming_first_then_past_then_undated(client):
    EventFactory(title="Past seminar")
    EventFactory(title="Undated webinar", starts_at=None, ends_at=None)
    EventFactory(title="Upcoming lecture", starts_at=LATER)
    response = client.get("/events/")
    assert response.status_code == 200
    assert _titles(response) == ["Upcoming lecture", "Past seminar", "Undated webinar"]
    headings = re.findall(r"<h2 id=\"events-\w+-h\">([^<]+)</h2>", response.content.decode())
    assert headings == ["Upcoming", "Past", "Date not recorded"]


def test_event_card_shows_time_in_the_event_zone_with_a_machine_readable_time(client):
    EventFactory(
        title="Kazan roundtable",
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 5, 15, 14, 0, tzinfo=MOSCOW),
        venue_name="Kazan Federal University",
        city="Kazan",
        country="RU",
    )
    html = _main(client.get("/events/"))
    assert '<time datetime="2025-05-15T14:00:00+03:00">Thursday 15 May 2025, 14:00 MSK</time>' in html
    assert "Kazan Federal University, Kazan, Russia" in html


def test_draft_event_is_not_listed_and_404s_for_visitors(client):
    draft = EventFactory(title="Secret seminar", status=Status.DRAFT)
    assert "Secret seminar" not in client.get("/events/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_event_list_shows_drafts_to_editors_only_whoever_asks_first(client, editor, settings):
    settings.PAGE_CACHE = False
    EventFactory(title="Published")
    EventFactory(title="Draft", status=Status.DRAFT)
    editor_client = Client()
    editor_client.force_login(editor)

    def rows(some_client):
        context = some_client.get("/events/").context
        return sorted(e.title for e in context["object_list"]), context["page_obj"].paginator.count

    for some_client, expected in (
        (editor_client, (["Draft", "Published"], 2)),
        (client, (["Published"], 1)),
        (editor_client, (["Draft", "Published"], 2)),
    ):
        assert rows(some_client) == expected


def test_editor_can_preview_a_draft_event(editor_client):
    draft = EventFactory(status=Status.DRAFT)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only editors can see this page." in response.content.decode()


def test_event_list_filters_by_kind_topic_year_organization_and_series(client):
    caps = OrganizationFactory(name="Consortium for Asia-Pacific Studies", short_name="CAPS")
    water = TopicFactory(name="Water security")
    series = SeriesFactory(name="NIPS Lecture Series")
    seminar = EventFactory(title="CAPS seminar")
    seminar.topics.add(water)
    EventOrganizationFactory(event=seminar, organization=caps)
    EventFactory(title="NIPS webinar", kind="webinar", series=series, starts_at=None, ends_at=None)
    EventFactory(
        title="Old lecture", kind="lecture", starts_at=datetime.datetime(2023, 3, 1, 10, 0, tzinfo=KARACHI)
    )

    assert _titles(client.get("/events/?kind=webinar")) == ["NIPS webinar"]
    assert _titles(client.get(f"/events/?topic={water.slug}")) == ["CAPS seminar"]
    assert _titles(client.get("/events/?year=2023")) == ["Old lecture"]
    assert _titles(client.get(f"/events/?organization={caps.slug}")) == ["CAPS seminar"]
    assert _titles(client.get(f"/events/?series={series.slug}")) == ["NIPS webinar"]
    assert _titles(client.get("/events/?kind=seminar&year=2025")) == ["CAPS seminar"]
    form = client.get("/events/").content.decode()
    assert '<label for="f-kind">Kind</label>' in form
    assert '<option value="2025">2025</option>' in form
    assert f'<option value="{caps.slug}">Consortium for Asia-Pacific Studies</option>' in form


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("?year=abc", "year"),
        ("?year=99999", "year"),
        ("?kind=nonsense", "kind"),
        ("?topic=no-such-topic", "topic"),
        ("?organization=%27;DROP%20TABLE", "organization"),
        ("?series=nope", "series"),
        ("?kind=nonsense&year=abc", "kind, year"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_message(client, query, ignored):
    EventFactory(title="CAPS seminar")
    response = client.get(f"/events/{query}")
    assert response.status_code == 200
    assert _titles(response) == ["CAPS seminar"]
    assert f"Some filters were not understood and were ignored: {ignored}." in response.content.decode()


def test_event_list_paginates_and_404s_out_of_range_pages(client):
    for day in range(21):
        EventFactory(
            starts_at=datetime.datetime(2025, 1, 1, 10, 0, tzinfo=KARACHI) + datetime.timedelta(days=day)
        )
    first = client.get("/events/")
    assert len(first.context["object_list"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get("/events/?page=2").context["object_list"]) == 1
    assert client.get("/events/?page=999").status_code == 404
    assert client.get("/events/?page=abc").status_code == 404


# Event detail


def _seminar():
    caps = OrganizationFactory(name="Consortium for Asia-Pacific Studies", short_name="CAPS")
    issi = OrganizationFactory(name="Institute of Strategic Studies Islamabad", short_name="ISSI")
    event = EventFactory(
        title="Pakistan-Russia Cooperation in Non-Traditional Security",
        summary="New ground beyond high politics.",
        body="<p>The seminar closed with questions.</p>",
    )
    EventOrganizationFactory(event=event, organization=caps, role="organizer")
    EventOrganizationFactory(event=event, organization=issi, role="partner")
    chair = AffiliationFactory(
        person__honorific="Dr.",
        person__given_name="Khurram",
        person__family_name="Iqbal",
        organization=caps,
        position="President",
    ).person
    ParticipationFactory(event=event, person=chair, role="chair", highlight="Opened the session.")
    ParticipationFactory(
        event=event, role="moderator", person__given_name="Umair Pervez", person__family_name="Khan"
    )
    ParticipationFactory(
        event=event,
        role="speaker",
        person__honorific="Dr.",
        person__given_name="Roksolana",
        person__family_name="Zigon",
        talk_title="Water as security",
        highlight="Put water scarcity first.",
    )
    ParticipationFactory(
        event=event, role="speaker", person__given_name="Gleb", person__family_name="Makarevich"
    )
    for n, text in enumerate(
        ["Institutional dialogues.", "Public-private partnerships.", "Cultural festivals."]
    ):
        RecommendationFactory(event=event, text=text, order=n + 1)
    return event


def test_event_page_shows_date_time_zone_venue_and_organizers(client):
    event = _seminar()
    html = _main(client.get(event.get_absolute_url()))
    assert "<h1>Pakistan-Russia Cooperation in Non-Traditional Security</h1>" in html
    assert '<time datetime="2025-04-29T14:00:00+05:00">Tuesday 29 April 2025</time>' in html
    assert (
        '14:00–<time datetime="2025-04-29T16:00:00+05:00">16:00</time> <abbr title="Asia/Karachi">PKT</abbr>'
        in html
    )
    assert "<dd>Hotel Crown Plaza, Islamabad, Pakistan</dd>" in html
    assert re.search(
        r"<dt>Organized by</dt><dd><a href=\"/organizations/[\w-]+/\">Consortium for Asia-Pacific Studies</a></dd>",
        html,
    )
    assert re.search(
        r"<dt>Partners</dt><dd><a href=\"/organizations/[\w-]+/\">Institute of Strategic Studies Islamabad</a>",
        html,
    )
    assert "<p>The seminar closed with questions.</p>" in html


def test_event_page_in_moscow_shows_moscow_time(client):
    event = EventFactory(
        timezone="Europe/Moscow",
        starts_at=datetime.datetime(2025, 5, 15, 11, 0, tzinfo=datetime.UTC),
        ends_at=None,
    )
    html = _main(client.get(event.get_absolute_url()))
    assert '<time datetime="2025-05-15T14:00:00+03:00">Thursday 15 May 2025</time>' in html
    assert '14:00 <abbr title="Europe/Moscow">MSK</abbr>' in html


def test_event_page_groups_speakers_by_role_with_links_and_highlights(client):
    event = _seminar()
    html = _main(client.get(event.get_absolute_url()))
    assert re.findall(r"<h3>([^<]+)</h3>", html) == ["Chair", "Moderator", "Speakers"]
    assert re.search(
        r'<a class="participant-name" href="/people/khurram-iqbal/">Dr. Khurram Iqbal</a>\s*<span class="card-meta">President, CAPS</span>',
        html,
    )
    assert '<p class="highlight">Put water scarcity first.</p>' in html
    assert '<p class="talk-title">“Water as security”</p>' in html
    assert html.index("Dr. Roksolana Zigon") < html.index("Gleb Makarevich")


def test_event_page_numbers_the_recommendations(client):
    html = _main(client.get(_seminar().get_absolute_url()))
    assert re.search(
        r'<ol class="recommendations">\s*<li>Institutional dialogues.</li><li>Public-private partnerships.</li><li>Cultural festivals.</li>\s*</ol>',
        html,
    )


def test_draft_speaker_is_named_but_not_linked(client):
    event = EventFactory()
    person = ParticipationFactory(
        event=event, person__given_name="Hidden", person__family_name="Profile", person__status=Status.DRAFT
    ).person
    html = _main(client.get(event.get_absolute_url()))
    assert '<span class="participant-name">Hidden Profile</span>' in html
    assert person.get_absolute_url() not in html


def test_event_page_offers_the_report_recording_registration_and_cover(client):
    event = EventFactory(
        report=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"),
        recording_url="https://video.example/caps",
        registration_url="https://forms.example/caps",
        cover_alt="Speakers on the stage",
        cover_credit="CAPS",
    )
    html = _main(client.get(event.get_absolute_url()))
    assert f'<a href="{event.report.url}" download>Download the report (PDF)</a>' in html
    assert '<a href="https://video.example/caps" rel="external">Watch the recording</a>' in html
    assert '<a href="https://forms.example/caps" rel="external">Register</a>' in html


def test_undated_event_says_so_and_offers_no_calendar_file(client):
    event = EventFactory(starts_at=None, ends_at=None, title="NIPS webinar")
    html = _main(client.get(event.get_absolute_url()))
    assert "<dt>Date</dt>\n        <dd>Not recorded</dd>" in html
    assert "event.ics" not in html


def test_event_page_lists_related_published_events(client):
    series = SeriesFactory()
    water = TopicFactory(name="Water security")
    event = EventFactory(title="Main", series=series)
    event.topics.add(water)
    EventFactory(title="Next in the series", series=series)
    EventFactory(title="On water too").topics.add(water)
    EventFactory(title="Draft in the series", series=series, status=Status.DRAFT)
    EventFactory(title="Unrelated")
    response = client.get(event.get_absolute_url())
    assert sorted(e.title for e in response.context["related_events"]) == [
        "Next in the series",
        "On water too",
    ]
    html = _main(response)
    assert "Draft in the series" not in html and "Unrelated" not in html


def test_event_page_carries_schema_org_event_data(client):
    event = _seminar()
    html = client.get(event.get_absolute_url()).content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    data = json.loads(payload)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2025-04-29T14:00:00+05:00"
    assert data["endDate"] == "2025-04-29T16:00:00+05:00"
    assert data["location"]["name"] == "Hotel Crown Plaza"
    assert [(o["@type"], o["name"]) for o in data["organizer"]] == [
        ("ResearchOrganization", "Consortium for Asia-Pacific Studies")
    ]
    assert len(data["performer"]) == 4


def test_unknown_event_is_a_404_page(client):
    assert client.get("/events/no-such-event/").status_code == 404


# Agreements


def _mou():
    kmcsc = OrganizationFactory(
        name="Kazan-Multan Cultural Studies Centre", short_name="KMCSC", city="Kazan", country="RU"
    )
    rmr = OrganizationFactory(name="Rehmat & Maryam Researches", city="Islamabad", country="PK")
    agreement = AgreementFactory(
        title="KMCSC–RMR MoU", signed_on=None, summary="Joint research and exchange."
    )
    maryam = PersonFactory(given_name="Maryam", family_name="Habib")
    AgreementPartyFactory(agreement=agreement, organization=kmcsc)
    AgreementPartyFactory(agreement=agreement, organization=rmr, signatory=maryam, signatory_title="Director")
    AgreementAreaFactory(agreement=agreement, kind="activity", name="Faculty exchange", order=1)
    AgreementAreaFactory(agreement=agreement, kind="priority", name="Islamic Eurasianism", order=2)
    FeaturedPersonFactory(
        agreement=agreement, person=PersonFactory(honorific="Dr.", given_name="Ruslan", family_name="Karimov")
    )
    return agreement


def test_agreement_page_shows_parties_signatories_place_areas_and_status(client):
    agreement = _mou()
    html = _main(client.get(agreement.get_absolute_url()))
    assert "<h1>KMCSC–RMR MoU</h1>" in html
    assert re.search(
        r'<h3 class="card-title"><a href="/organizations/[\w-]+/">Kazan-Multan Cultural Studies Centre</a></h3>',
        html,
    )
    assert re.search(r'Signed by <a href="/people/maryam-habib/">Maryam Habib</a>, Director', html)
    assert "<dt>Status</dt><dd>In force</dd>" in html
    assert "<dt>Signed on</dt><dd>Not recorded</dd>" in html
    assert "<dt>Signed at</dt><dd>Islamabad, Pakistan</dd>" in html
    assert (
        '<h3>Forms of cooperation</h3>\n        <ul class="tags area-list"><li class="tag">Faculty exchange</li></ul>'
        in html
    )
    assert '<li class="tag">Islamic Eurasianism</li>' in html
    assert "Dr. Ruslan Karimov" in html


def test_agreement_list_shows_parties_and_filters(client):
    _mou()
    kmcsc = OrganizationFactory(short_name="ISSI")
    make_agreement_between(
        kmcsc,
        OrganizationFactory(),
        title="Letter",
        kind="letter_of_intent",
        signed_on=datetime.date(2024, 2, 1),
    )
    response = client.get("/agreements/")
    assert [a.title for a in response.context["object_list"]] == ["Letter", "KMCSC–RMR MoU"]
    assert (
        "Parties: Kazan-Multan Cultural Studies Centre; Rehmat &amp; Maryam Researches"
        in response.content.decode()
    )
    assert '<time datetime="2024-02-01">1 February 2024</time>' in response.content.decode()
    assert [a.title for a in client.get("/agreements/?kind=letter_of_intent").context["object_list"]] == [
        "Letter"
    ]
    assert [a.title for a in client.get("/agreements/?year=2024").context["object_list"]] == ["Letter"]
    assert [
        a.title for a in client.get(f"/agreements/?organization={kmcsc.slug}").context["object_list"]
    ] == ["Letter"]
    assert [a.title for a in client.get("/agreements/?status=in_force").context["object_list"]] == [
        "Letter",
        "KMCSC–RMR MoU",
    ]
    bad = client.get("/agreements/?status=void&year=x")
    assert bad.status_code == 200
    assert "Some filters were not understood and were ignored: status, year." in bad.content.decode()
    assert client.get("/agreements/?page=50").status_code == 404


def test_draft_agreement_is_hidden_from_visitors(client):
    draft = AgreementFactory(title="Secret MoU", status=Status.DRAFT)
    assert "Secret MoU" not in client.get("/agreements/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_agreement_links_its_published_signing_event(client):
    event = EventFactory(title="Signing ceremony", kind="mou_signing")
    agreement = AgreementFactory(signing_event=event)
    html = _main(client.get(agreement.get_absolute_url()))
    assert f'<dt>Signing event</dt><dd><a href="{event.get_absolute_url()}">Signing ceremony</a></dd>' in html
    assert agreement.get_absolute_url() in _main(client.get(event.get_absolute_url()))


# Profiles


def test_person_page_lists_their_events_with_roles_and_agreements(client):
    person = PersonFactory(given_name="Khurram", family_name="Iqbal")
    event = EventFactory(title="CAPS seminar")
    ParticipationFactory(event=event, person=person, role="chair")
    ParticipationFactory(event=event, person=person, role="speaker")
    ParticipationFactory(event=EventFactory(title="Draft event", status=Status.DRAFT), person=person)
    FeaturedPersonFactory(person=person, agreement__title="KMCSC–RMR MoU")
    html = _main(client.get(person.get_absolute_url()))
    assert re.search(
        rf'<a href="{event.get_absolute_url()}">CAPS seminar</a>\s*<span class="card-meta">Chair, Speaker · Seminar · ',
        html,
    )
    assert "Draft event" not in html
    assert "KMCSC–RMR MoU" in html


def test_organization_page_lists_its_events_with_roles_and_agreements(client):
    caps = OrganizationFactory(short_name="CAPS")
    EventOrganizationFactory(organization=caps, event__title="CAPS seminar", role="organizer")
    EventOrganizationFactory(organization=caps, event__title="Partnered roundtable", role="partner")
    make_agreement_between(caps, OrganizationFactory(), title="CAPS–ISSI MoU")
    html = _main(client.get(caps.get_absolute_url()))
    assert re.search(r'>CAPS seminar</a>\s*<span class="card-meta">Organizer · Seminar', html)
    assert re.search(r'>Partnered roundtable</a>\s*<span class="card-meta">Partner · Seminar', html)
    assert "CAPS–ISSI MoU" in html


# Query counts: constant whatever the number of rows


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    topic = TopicFactory()
    for _ in range(count):
        event = EventFactory(series=SeriesFactory())
        event.topics.add(topic)
        EventOrganizationFactory(event=event)
        ParticipationFactory(event=event)
    # Upcoming and past events are read as two parts; counts and filter menus are then
    # remembered until the content changes.
    with django_assert_max_num_queries(7):
        assert client.get("/events/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_event_detail_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    topic = TopicFactory()
    series = SeriesFactory()
    event = EventFactory(series=series)
    event.topics.add(topic)
    for _ in range(count):
        EventOrganizationFactory(event=event)
        speaker = ParticipationFactory(event=event).person
        AffiliationFactory(person=speaker)
        RecommendationFactory(event=event)
        EventFactory(series=series).topics.add(topic)
        AgreementFactory(signing_event=event)
        ContributionFactory(person=speaker, publication__publisher=OrganizationFactory())
    with django_assert_max_num_queries(10):
        assert client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_agreement_list_and_detail_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    agreement = None
    for _ in range(count):
        agreement = make_agreement_between(OrganizationFactory(), OrganizationFactory())
        AgreementAreaFactory(agreement=agreement)
        AffiliationFactory(person=FeaturedPersonFactory(agreement=agreement).person)
    with django_assert_max_num_queries(5):
        assert client.get("/agreements/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(agreement.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_profile_pages_with_events_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    person = PersonFactory()
    organization = OrganizationFactory()
    for _ in range(count):
        event = EventFactory()
        ParticipationFactory(event=event, person=person)
        EventOrganizationFactory(event=event, organization=organization)
        make_agreement_between(organization, OrganizationFactory())
        FeaturedPersonFactory(person=person)
    with django_assert_max_num_queries(7):
        assert client.get(person.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(organization.get_absolute_url()).status_code == 200
