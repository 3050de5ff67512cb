import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from events.models import Agreement, AgreementArea, Event, EventOrganization, Participation, Recommendation

pytestmark = pytest.mark.django_db

SEMINAR = "pakistan-russia-cooperation-in-non-traditional-security"
WEBINAR = "nips-webinar-pakistan-russia-relations"


def _counts():
    return tuple(
        model.objects.count()
        for model in (Event, Participation, Recommendation, EventOrganization, Agreement, AgreementArea)
    )


def _roles(event):
    return [(p.person.slug, p.role) for p in event.participations.select_related("person")]


def test_demo_events_load_twice_without_duplicates():
    call_command("load_demo", verbosity=0)
    first = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == first == (2, 14, 7, 2, 1, 19)


def test_demo_caps_seminar_has_every_fact_of_seed_003():
    call_command("load_demo", verbosity=0)
    event = Event.objects.get(slug=SEMINAR)
    karachi = ZoneInfo("Asia/Karachi")
    assert event.title == "Pakistan-Russia Cooperation in Non-Traditional Security"
    assert event.kind == "seminar"
    assert event.timezone == "Asia/Karachi"
    assert event.local_starts_at == datetime.datetime(2025, 4, 29, 14, 0, tzinfo=karachi)
    assert event.local_ends_at == datetime.datetime(2025, 4, 29, 16, 0, tzinfo=karachi)
    assert event.venue == "Hotel Crown Plaza, Islamabad, Pakistan"
    assert [link.organization.slug for link in event.hosts] == ["caps"]
    assert _roles(event) == [
        ("khurram-iqbal", "chair"),
        ("umair-pervez-khan", "moderator"),
        ("roksolana-zigon", "speaker"),
        ("taimur-fahad-khan", "speaker"),
        ("ilsur", "speaker"),
        ("shabbir-ahmed", "speaker"),
        ("gleb-makarevich", "speaker"),
    ]
    speakers = event.participations.filter(role="speaker")
    assert speakers.count() == 5
    assert all(p.highlight for p in speakers)
    assert event.recommendations.count() == 7
    assert "INSTC" in event.recommendations.all()[1].text
    assert event.is_published
    assert not event.report


def test_demo_nips_webinar_has_its_series_speakers_and_no_invented_date():
    call_command("load_demo", verbosity=0)
    event = Event.objects.get(slug=WEBINAR)
    assert event.kind == "webinar"
    assert event.series.name == "NIPS Lecture Series"
    assert event.starts_at is None and event.ends_at is None
    assert event.online_url == ""
    assert [link.organization.slug for link in event.hosts] == ["nips"]
    assert _roles(event) == [
        ("amir-yaqub", "moderator"),
        ("vladimir-kozin", "main_speaker"),
        ("shahid-m-amin", "speaker"),
        ("inam-ul-haque", "speaker"),
        ("atia-ali-kazmi", "speaker"),
        ("ali-shah", "speaker"),
        ("ashfaque-hasan-khan", "closing_remarks"),
    ]
    assert all(p.highlight for p in event.participations.all())


def test_demo_mou_has_two_parties_areas_and_featured_scholars():
    call_command("load_demo", verbosity=0)
    agreement = Agreement.objects.get(slug="kmcsc-rmr-mou")
    assert agreement.kind == "mou"
    assert agreement.legal_status == "in_force"
    assert agreement.signed_on is None
    assert agreement.signed_at == "Islamabad, Pakistan"
    assert [p.organization.slug for p in agreement.parties.all()] == ["kmcsc", "rmr"]
    assert all(p.signatory is None for p in agreement.parties.all())
    assert [f.person.slug for f in agreement.featured.all()] == [
        "ruslan-karimov",
        "marat-ganiev",
        "amina-valeeva",
        "zuleikha-khayrullina",
        "maryam-habib",
    ]
    areas = {(a.kind, a.name) for a in agreement.areas.all()}
    assert {
        ("activity", "Collaborative research"),
        ("activity", "Faculty exchange"),
        ("activity", "Joint publications"),
        ("priority", "Islamic Eurasianism"),
        ("priority", "Afghanistan after 2021"),
    } <= areas


def test_demo_pages_render(client):
    call_command("load_demo", verbosity=0)
    for url in (
        "/events/",
        f"/events/{SEMINAR}/",
        f"/events/{WEBINAR}/",
        "/agreements/",
        "/agreements/kmcsc-rmr-mou/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/events/{SEMINAR}/event.ics").status_code == 200
