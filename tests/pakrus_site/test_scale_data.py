import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Min

from events.models import Agreement, Event, EventOrganization, Participation
from pakrus_site import search
from pakrus_site.models import SearchEntry, Status, Topic
from pakrus_site.scale_data import ContentExists, Sizes, clear_content, generate
from people.models import Affiliation, Organization, Person
from publications.models import Contribution, Publication
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)
TINY = Sizes().scaled(0.002)


def _generate(seed=7, sizes=TINY, **kwargs):
    return generate(sizes=sizes, seed=seed, today=TODAY, **kwargs)


def _snapshot() -> dict:
    return {
        "people": list(
            Person.objects.order_by("slug").values_list(
                "slug", "honorific", "given_name", "patronymic", "family_name", "native_name", "status"
            )
        ),
        "organizations": list(Organization.objects.order_by("slug").values_list("slug", "name", "kind")),
        "events": list(
            Event.objects.order_by("slug").values_list("slug", "title", "status", "starts_at", "updated_at")
        ),
        "speakers": sorted(Participation.objects.values_list("event__slug", "person__slug", "role", "order")),
        "publications": list(
            Publication.objects.order_by("slug").values_list("slug", "kind", "title", "published_on", "isbn")
        ),
        "agreements": list(Agreement.objects.order_by("slug").values_list("slug", "title", "signed_on")),
        "search": sorted(SearchEntry.objects.values_list("url", "title", "text_norm", "is_published")),
    }


def test_sizes_scale_every_kind_and_never_reach_zero():
    assert Sizes() == Sizes(
        people=20_000, organizations=5_000, events=50_000, publications=50_000, agreements=2_000
    )
    assert Sizes().scaled(0.05) == Sizes(
        people=1_000, organizations=250, events=2_500, publications=2_500, agreements=100
    )
    assert Sizes().scaled(0.00001) == Sizes(people=1, organizations=1, events=1, publications=1, agreements=1)


def test_generates_the_requested_numbers_of_records():
    counts = _generate()
    assert Person.objects.count() == counts["people.Person"] == 40
    assert Organization.objects.count() == 10
    assert Event.objects.count() == 100
    assert Publication.objects.count() == 100
    assert Agreement.objects.count() == 4
    assert Topic.objects.count() == 30


def test_events_have_four_to_eight_participants_and_an_organizer():
    _generate()
    per_event = Event.objects.annotate(n=Count("participations")).aggregate(low=Min("n"), high=Max("n"))
    assert 4 <= per_event["low"] < per_event["high"] <= 8
    assert not Event.objects.exclude(organizers__role=EventOrganization.Role.ORGANIZER).exists()
    chairs = Participation.objects.filter(role=Participation.Role.CHAIR).values("event").distinct().count()
    assert chairs == Event.objects.count()


def test_publications_have_one_to_five_contributors_chapters_and_reviews():
    _generate()
    per_work = Publication.objects.annotate(n=Count("contributions")).aggregate(low=Min("n"), high=Max("n"))
    assert 1 <= per_work["low"] <= per_work["high"] <= 5
    chapters = Publication.objects.filter(kind=Publication.Kind.CHAPTER)
    assert chapters.exists()
    assert set(chapters.values_list("parent__kind", flat=True)) == {Publication.Kind.EDITED_VOLUME}
    reviews = Publication.objects.filter(kind=Publication.Kind.BOOK_REVIEW)
    assert reviews.exists()
    assert not reviews.filter(reviewed_work=None).exists()
    assert set(Contribution.objects.filter(publication__in=reviews).values_list("role", flat=True)) == {
        Contribution.Role.REVIEWER
    }
    books = Publication.objects.filter(kind=Publication.Kind.BOOK)
    assert all(len(isbn) == 13 for isbn in books.values_list("isbn", flat=True))
    for publication in Publication.objects.all():
        publication.full_clean()


def test_records_are_mostly_published_with_some_drafts_and_a_history():
    _generate(sizes=Sizes().scaled(0.01))
    events = Event.objects.all()
    drafts = events.filter(status=Status.DRAFT).count()
    assert 0 < drafts < events.count() * 0.2
    assert not events.filter(status=Status.PUBLISHED, published_at=None).exists()
    assert events.filter(starts_at__date__gt=TODAY).exists()
    assert events.filter(starts_at__year__lt=2015).exists()
    # Records carry their own creation times, spread over years, not the moment of loading.
    years = {moment.year for moment in events.values_list("updated_at", flat=True)}
    assert len(years) > 5
    assert Affiliation.objects.filter(is_current=True).count() >= Person.objects.count()
    assert Person.objects.exclude(patronymic="").filter(country="RU").exists()
    assert Person.objects.exclude(native_name="").exists()


def test_every_record_is_in_the_search_index_and_can_be_found(client):
    _generate()
    records = sum(model.objects.count() for model in (Event, Agreement, Publication, Person, Organization))
    assert SearchEntry.objects.count() == records
    assert SearchEntry.objects.filter(is_published=False).count() == sum(
        model.objects.filter(status=Status.DRAFT).count()
        for model in (Event, Agreement, Publication, Person, Organization)
    )
    event = Event.objects.published().filter(participations__isnull=False).first()
    entry = SearchEntry.objects.get(kind="event", object_id=event.pk)
    assert entry.url == event.get_absolute_url()
    speaker = event.participations.first().person
    assert speaker.family_name.lower() in entry.text_norm
    assert entry.text_norm.startswith(search.normalize(event.title))
    if connection.vendor == "postgresql":
        assert not SearchEntry.objects.filter(vector=None).exists()
    response = client.get("/search/", {"q": event.title})
    assert event.title in [result.title for result in response.context["results"]]


def test_the_same_seed_gives_the_same_content_and_another_seed_does_not():
    _generate(seed=11)
    first = _snapshot()
    clear_content()
    _generate(seed=11)
    assert _snapshot() == first
    clear_content()
    _generate(seed=12)
    assert _snapshot()["events"] != first["events"]


def test_refuses_a_database_that_has_content():
    PersonFactory(given_name="Real", family_name="Scholar")
    with pytest.raises(ContentExists):
        _generate()
    assert list(Person.objects.values_list("given_name", flat=True)) == ["Real"]


def test_replace_deletes_existing_content_first():
    PersonFactory(given_name="Real", family_name="Scholar")
    _generate(replace=True)
    assert not Person.objects.filter(given_name="Real").exists()
    assert Person.objects.count() == 40


def test_command_refuses_content_with_a_clear_message_and_replaces_on_request(capsys):
    PersonFactory(given_name="Real", family_name="Scholar")
    with pytest.raises(CommandError, match=r"already has content.*--replace"):
        call_command("scale_data", "--scale", "0.002", "--today", "2026-03-16")
    call_command("scale_data", "--scale", "0.002", "--seed", "3", "--today", "2026-03-16", "--replace")
    assert Event.objects.count() == 100
    assert "Wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scale", "0"], "above 0"),
        (["--scale", "-1"], "above 0"),
        (["--scale", "50"], "at most 10"),
        (["--scale", "lots"], "not a number"),
        (["--today", "16/03/2026"], "not a date"),
        (["--seed", "x"], "invalid int"),
    ],
)
def test_command_rejects_bad_arguments_with_a_message(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("scale_data", *arguments)
    assert not Person.objects.exists()


def test_generated_content_is_shown_to_visitors_at_once(client):
    assert b"No events match" in client.get("/events/").content
    _generate()
    event = Event.objects.published().upcoming_first().first()
    assert event.title in client.get("/events/").content.decode()
