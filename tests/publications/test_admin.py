import datetime
import re

import pytest
from django.contrib.auth.models import Group

from pakrus_site.editors import EDITORS_GROUP
from pakrus_site.models import Status
from publications.dates import DatePrecision
from publications.models import Contribution, Publication
from tests.factories import PersonFactory, TopicFactory, UserFactory
from tests.publications.factories import (
    ChapterFactory,
    ContributionFactory,
    PublicationFactory,
    VolumeFactory,
)

pytestmark = pytest.mark.django_db

ADD = "/admin/publications/publication/add/"
LIST = "/admin/publications/publication/"


def _change(publication) -> str:
    return f"/admin/publications/publication/{publication.pk}/change/"


def _form(*contributions, chapters=None, **overrides):
    """The admin form as a browser posts it: the publication, its contributions in
    order (person, role) and, for a volume, its chapters (title, section)."""
    data = {
        "kind": "book",
        "title": "Crescent in the Bear’s Shadow",
        "subtitle": "Cultural Diplomacy and Strategic Hedging between Pakistan and Russia",
        "parent": "",
        "section": "",
        "order": "0",
        "reviewed_work": "",
        "date": "",
        "publisher": "",
        "publisher_name": "",
        "outlet": "",
        "outlet_name": "",
        "isbn": "",
        "doi": "",
        "pages": "",
        "language": "en",
        "abstract": "",
        "body": "",
        "disclaimer": "",
        "cover_alt": "",
        "external_url": "",
        "status": "published",
        "slug": "",
        "published_at_0": "",
        "published_at_1": "",
        "contributions-TOTAL_FORMS": str(len(contributions)),
        "contributions-INITIAL_FORMS": "0",
        "contributions-MIN_NUM_FORMS": "0",
        "contributions-MAX_NUM_FORMS": "1000",
    }
    for i, (person, role) in enumerate(contributions):
        data |= {
            f"contributions-{i}-person": str(person.pk),
            f"contributions-{i}-role": role,
            f"contributions-{i}-order": str(i + 1),
        }
    if chapters is not None:
        data |= {
            "chapters-TOTAL_FORMS": str(len(chapters)),
            "chapters-INITIAL_FORMS": "0",
            "chapters-MIN_NUM_FORMS": "0",
            "chapters-MAX_NUM_FORMS": "1000",
        }
        for i, (title, section) in enumerate(chapters):
            data |= {
                f"chapters-{i}-title": title,
                f"chapters-{i}-section": section,
                f"chapters-{i}-status": "published",
                f"chapters-{i}-order": str(i + 1),
            }
    return data | overrides


def test_editors_group_may_edit_publications():
    codenames = set(Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True))
    assert {
        "add_publication",
        "change_publication",
        "delete_publication",
        "view_publication",
        "add_contribution",
        "change_contribution",
        "delete_contribution",
    } <= codenames


def test_staff_without_the_group_cannot_see_publications(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(LIST).status_code == 403


def test_editor_adds_a_book_with_ordered_contributors_and_a_year_only_date(editor_client):
    karimov = PersonFactory(given_name="Ruslan", family_name="Karimov")
    translator = PersonFactory(given_name="Amina", family_name="Valeeva")
    topic = TopicFactory(name="Cultural diplomacy")
    response = editor_client.post(
        ADD,
        _form(
            (karimov, "author"),
            (translator, "translator"),
            date="2025",
            isbn="ISBN 0-306-40615-2",
            doi="https://doi.org/10.5555/crescent",
            topics=[str(topic.pk)],
        ),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    book = Publication.objects.get()
    assert book.slug == "crescent-in-the-bears-shadow"
    assert (book.published_on, book.date_precision) == (datetime.date(2025, 1, 1), DatePrecision.YEAR)
    assert book.isbn == "9780306406157"
    assert book.doi == "10.5555/crescent"
    assert [(c.person, c.role, c.order) for c in book.contributions.all()] == [
        (karimov, "author", 1),
        (translator, "translator", 2),
    ]
    assert list(book.topics.all()) == [topic]
    assert book.published_at is not None


def test_the_date_field_shows_what_is_known(editor_client):
    book = PublicationFactory(published_on=datetime.date(2025, 6, 1), date_precision=DatePrecision.MONTH)
    assert 'name="date" value="2025-06"' in editor_client.get(_change(book)).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("isbn", "978-0-306-40615-8", "This ISBN has a wrong check digit"),
        ("isbn", "12345", "An ISBN has 10 or 13 digits"),
        ("doi", "https://doi.org/11.1/x", "Enter a DOI such as 10.1000/xyz123"),
        ("date", "June 2025", "Enter a year (2025), a month (2025-06) or a full date (2025-06-23)."),
        ("date", "2025-02-30", "Enter a year (2025), a month (2025-06) or a full date (2025-06-23)."),
    ],
)
def test_admin_explains_a_bad_isbn_doi_or_date_and_saves_nothing(editor_client, field, value, message):
    response = editor_client.post(ADD, _form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Publication.objects.exists()


def test_admin_explains_a_chapter_without_a_volume(editor_client):
    response = editor_client.post(ADD, _form(kind="chapter", title="Lonely chapter"))
    assert response.status_code == 200
    assert "A chapter belongs to an edited volume: choose the volume." in response.content.decode()


def test_admin_refuses_the_same_person_twice_in_one_role(editor_client):
    person = PersonFactory()
    response = editor_client.post(ADD, _form((person, "author"), (person, "author")))
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert not Publication.objects.exists()


def test_editor_adds_chapters_on_the_volume_page(editor_client):
    editor = PersonFactory()
    volume = VolumeFactory(title="Pakistan – Russia Relations")
    response = editor_client.post(
        _change(volume),
        _form(
            (editor, "editor"),
            kind="edited_volume",
            title="Pakistan – Russia Relations",
            subtitle="",
            slug=volume.slug,
            chapters=[
                ("An eyewitness account", "Section I: Historical foundations"),
                ("Trade and energy", "Section III: Economic, energy and technological cooperation"),
            ],
        ),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    chapters = list(volume.chapters.order_by("order"))
    assert [(c.kind, c.title, c.section, c.order) for c in chapters] == [
        ("chapter", "An eyewitness account", "Section I: Historical foundations", 1),
        ("chapter", "Trade and energy", "Section III: Economic, energy and technological cooperation", 2),
    ]
    assert all(c.status == Status.PUBLISHED for c in chapters)


def test_chapters_are_edited_inline_only_on_edited_volumes(editor_client):
    volume = ChapterFactory(title="Inline chapter").parent
    assert "Inline chapter" in editor_client.get(_change(volume)).content.decode()
    assert "chapters-TOTAL_FORMS" not in editor_client.get(_change(PublicationFactory())).content.decode()


def test_the_change_page_links_to_the_public_page(editor_client):
    book = PublicationFactory()
    html = editor_client.get(_change(book)).content.decode()
    link = re.search(r'href="(/admin/r/\d+/\d+/)" class="viewsitelink"', html).group(1)
    response = editor_client.get(link)
    assert response.status_code == 302
    assert response["Location"].endswith(book.get_absolute_url())


def test_admin_search_by_title_isbn_doi_and_contributor(editor_client):
    book = PublicationFactory(title="Echoes of Empire", isbn="9780306406157", doi="10.5555/echoes")
    ContributionFactory(publication=book, person__given_name="Marat", person__family_name="Ganiev")
    PublicationFactory(title="Something else")

    def titles(term):
        return [p.title for p in editor_client.get(LIST, {"q": term}).context["cl"].result_list]

    assert titles("Echoes") == ["Echoes of Empire"]
    assert titles("978-0-306-40615-7") == ["Echoes of Empire"]
    assert titles("0-306-40615-2") == ["Echoes of Empire"]
    assert titles("10.5555/echoes") == ["Echoes of Empire"]
    assert titles("Marat Ganiev") == ["Echoes of Empire"]


def test_admin_filters_by_kind_year_topic_language_and_status(editor_client):
    topic = TopicFactory()
    article = PublicationFactory(
        kind="research_article", published_on=datetime.date(2025, 6, 23), language="en"
    )
    article.topics.add(topic)
    book = PublicationFactory(published_on=datetime.date(2019, 1, 1), language="ru", status=Status.DRAFT)

    def titles(**params):
        response = editor_client.get(LIST, params)
        assert response.status_code == 200
        return {p.title for p in response.context["cl"].result_list}

    assert titles(kind="research_article") == {article.title}
    assert titles(year="2019") == {book.title}
    assert titles(topics__id__exact=str(topic.pk)) == {article.title}
    assert titles(language="ru") == {book.title}
    assert titles(status="draft") == {book.title}
    assert titles(year="not-a-year") == {article.title, book.title}
    assert titles(year="0") == {article.title, book.title}
    assert titles(year="99999") == {article.title, book.title}
    assert titles(year="9999") == set()


@pytest.mark.parametrize("count", [1, 3])
def test_admin_list_runs_a_constant_number_of_queries(editor_client, django_assert_max_num_queries, count):
    for _ in range(count):
        ContributionFactory.create_batch(2, publication=ChapterFactory())
    with django_assert_max_num_queries(10):
        assert editor_client.get(LIST).status_code == 200


def test_publish_and_unpublish_actions(editor_client):
    publication = PublicationFactory(status=Status.DRAFT)
    editor_client.post(LIST, {"action": "publish", "_selected_action": [publication.pk]})
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED and publication.published_at is not None
    editor_client.post(LIST, {"action": "unpublish", "_selected_action": [publication.pk]})
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT


def test_deleting_a_volume_with_chapters_is_refused_in_the_admin(editor_client):
    volume = ChapterFactory().parent
    response = editor_client.post(f"/admin/publications/publication/{volume.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete" in response.content.decode()
    assert Publication.objects.filter(pk=volume.pk).exists()


def test_deleting_a_publication_removes_its_contributions(editor_client):
    contribution = ContributionFactory()
    response = editor_client.post(
        f"/admin/publications/publication/{contribution.publication.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Contribution.objects.exists()


def test_person_autocomplete_answers_for_contributions(editor_client):
    PersonFactory(given_name="Neelum", family_name="Nigar", honorific="Dr.")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Nigar", "app_label": "publications", "model_name": "contribution", "field_name": "person"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Dr. Neelum Nigar"]


def test_volume_autocomplete_offers_only_edited_volumes(editor_client):
    VolumeFactory(title="Relations volume")
    PublicationFactory(title="Relations monograph")
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "Relations",
            "app_label": "publications",
            "model_name": "publication",
            "field_name": "parent",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Relations volume"]
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "Relations",
            "app_label": "publications",
            "model_name": "publication",
            "field_name": "reviewed_work",
        },
    )
    assert {r["text"] for r in response.json()["results"]} == {"Relations volume", "Relations monograph"}
