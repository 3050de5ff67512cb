import datetime

import pytest
import yaml
from django.utils import timezone

from pakrus_site.models import Status
from publications.dates import DatePrecision
from publications.models import Contribution, Publication
from publications.serializers import PublicationSerializer
from tests.api_helpers import assert_reads_as_drf, clients, readers, token_client
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory, make_editor
from tests.publications.factories import (
    ChapterFactory,
    ContributionFactory,
    PublicationFactory,
    ReviewFactory,
    VolumeFactory,
)

pytestmark = pytest.mark.django_db


def slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return [record["slug"] for record in response.json()["results"]]


def editor():
    return token_client(make_editor())


# Reading


def test_publication_record_nests_contributors_and_the_reviewed_work(client):
    work = VolumeFactory(title="Pakistan and Russia", subtitle="A New Partnership", slug="new-partnership")
    review = ReviewFactory(
        title="Review of Pakistan and Russia",
        slug="review-new-partnership",
        reviewed_work=work,
        published_on=datetime.date(2025, 6, 1),
        date_precision=DatePrecision.MONTH,
        outlet=OrganizationFactory(name="Strategic Studies", slug="issi"),
        doi="10.1000/xyz123",
        language="ru",
        abstract="What the volume argues.",
    )
    review.topics.add(TopicFactory(name="Energy", slug="energy"))
    ContributionFactory(
        publication=review,
        person=PersonFactory(honorific="Dr.", given_name="Ilsur", family_name="Nafikov", slug="nafikov"),
        role="reviewer",
        order=1,
    )
    ContributionFactory(
        publication=review,
        person=PersonFactory(given_name="Anna", family_name="Petrova", slug="petrova"),
        role="translator",
        order=2,
    )

    body = client.get("/api/v1/publications/review-new-partnership/").json()

    assert body["url"] == "http://testserver/api/v1/publications/review-new-partnership/"
    assert body["web_url"] == "http://testserver/publications/review-new-partnership/"
    assert body["kind"] == "book_review"
    assert body["contributors"] == [
        {"person": "nafikov", "display_name": "Dr. Ilsur Nafikov", "role": "reviewer", "order": 1},
        {"person": "petrova", "display_name": "Anna Petrova", "role": "translator", "order": 2},
    ]
    assert body["reviewed_work"] == {
        "slug": "new-partnership",
        "title": "Pakistan and Russia: A New Partnership",
        "url": "http://testserver/api/v1/publications/new-partnership/",
        "web_url": "http://testserver/publications/new-partnership/",
    }
    assert body["parent"] is None
    assert body["published_on"] == "2025-06"
    assert (body["outlet"], body["outlet_display"]) == ("issi", "Strategic Studies")
    assert (body["publisher"], body["publisher_name"], body["publisher_display"]) == (None, "", "")
    assert body["doi"] == "10.1000/xyz123"
    assert body["language"] == "ru"
    assert body["abstract"] == "What the volume argues."
    assert body["topics"] == ["energy"]
    assert body["cover"] is None and body["pdf"] is None
    assert datetime.datetime.fromisoformat(body["updated_at"]) == review.updated_at


def test_chapter_names_its_volume_and_section(client):
    chapter = ChapterFactory(
        parent=VolumeFactory(slug="the-volume", publisher_name="Routledge"),
        section="Section III: Energy",
        order=4,
        published_on=datetime.date(2024, 1, 1),
        date_precision=DatePrecision.YEAR,
        title_is_supplied=True,
        title="Energy cooperation",
    )
    body = client.get(f"/api/v1/publications/{chapter.slug}/").json()
    assert (body["parent"], body["section"], body["order"]) == ("the-volume", "Section III: Energy", 4)
    assert body["published_on"] == "2024"
    assert body["display_title"] == "[Energy cooperation]"
    volume = client.get("/api/v1/publications/the-volume/").json()
    assert (volume["publisher"], volume["publisher_display"]) == (None, "Routledge")


def test_draft_volumes_and_reviewed_works_read_as_null_for_the_public(client):
    chapter = ChapterFactory(parent=VolumeFactory(status=Status.DRAFT, slug="draft-volume"))
    review = ReviewFactory(reviewed_work=PublicationFactory(status=Status.DRAFT, slug="draft-work"))
    assert client.get(f"/api/v1/publications/{chapter.slug}/").json()["parent"] is None
    assert client.get(f"/api/v1/publications/{review.slug}/").json()["reviewed_work"] is None
    staff = editor()
    assert staff.get(f"/api/v1/publications/{chapter.slug}/").json()["parent"] == "draft-volume"
    assert staff.get(f"/api/v1/publications/{review.slug}/").json()["reviewed_work"]["slug"] == "draft-work"


def test_publications_list_latest_first_chapters_included(client):
    undated = PublicationFactory(published_on=None)
    old = PublicationFactory(published_on=datetime.date(2020, 1, 1))
    chapter = ChapterFactory(
        published_on=datetime.date(2025, 1, 1), parent__published_on=datetime.date(2024, 1, 1)
    )
    body = client.get("/api/v1/publications/").json()
    assert body["count"] == 4
    assert [r["slug"] for r in body["results"]] == [chapter.slug, chapter.parent.slug, old.slug, undated.slug]


def test_publication_filters(client):
    cds = OrganizationFactory(slug="cds")
    issi = OrganizationFactory(slug="issi")
    energy = TopicFactory(name="Energy", slug="energy")
    karimov = PersonFactory(slug="karimov")
    book = PublicationFactory(
        title="Sufism in Tatarstan", publisher=cds, published_on=datetime.date(2023, 5, 1), language="ru"
    )
    ContributionFactory(publication=book, person=karimov, role="author")
    ContributionFactory(publication=book, person=karimov, role="editor")
    article = PublicationFactory(
        kind="research_article", title="Labour migration", outlet=issi, published_on=datetime.date(2025, 2, 1)
    )
    article.topics.add(energy)
    volume = VolumeFactory(title="Partnership", published_on=datetime.date(2024, 1, 1), date_precision="year")
    chapter = ChapterFactory(parent=volume, title="Chapter on water", published_on=datetime.date(2024, 1, 1))

    assert slugs(client, "/api/v1/publications/?kind=research_article") == [article.slug]
    assert slugs(client, "/api/v1/publications/?topic=energy") == [article.slug]
    assert slugs(client, "/api/v1/publications/?person=karimov") == [book.slug]
    assert slugs(client, "/api/v1/publications/?organization=cds") == [book.slug]
    assert slugs(client, "/api/v1/publications/?organization=issi") == [article.slug]
    assert slugs(client, f"/api/v1/publications/?parent={volume.slug}") == [chapter.slug]
    assert slugs(client, "/api/v1/publications/?language=ru") == [book.slug]
    assert slugs(client, "/api/v1/publications/?published_after=2025-01-01") == [article.slug]
    assert slugs(client, "/api/v1/publications/?published_before=2023-12-31") == [book.slug]
    assert slugs(client, "/api/v1/publications/?published_after=2024-01-01&published_before=2024-12-31") == [
        chapter.slug,
        volume.slug,
    ]
    assert slugs(client, "/api/v1/publications/?search=tatarstan") == [book.slug]
    assert slugs(client, "/api/v1/publications/?ordering=title") == [
        chapter.slug,
        article.slug,
        volume.slug,
        book.slug,
    ]
    assert slugs(client, "/api/v1/publications/?status=draft") == []
    Publication.objects.exclude(pk=book.pk).update(updated_at="2020-01-01T00:00:00Z")
    assert slugs(client, "/api/v1/publications/?updated_since=2024-01-01T00:00:00Z&ordering=updated_at") == [
        book.slug
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=novel", "kind"),
        ("topic=nope", "topic"),
        ("person=nope", "person"),
        ("organization=nope", "organization"),
        ("parent=nope", "parent"),
        ("language=klingon", "language"),
        ("published_after=2025", "published_after"),
        ("published_before=2025-02-30", "published_before"),
        ("status=secret", "status"),
        ("updated_since=0001-01-01T00:00:00%2B05:00", "updated_since"),
    ],
)
def test_bad_publication_filter_values_are_400s_naming_the_filter(client, query, field):
    response = client.get(f"/api/v1/publications/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


# Permissions


@pytest.mark.parametrize(
    ("who", "published", "draft"),
    [("anonymous", 200, 404), ("no_rights", 200, 404), ("editor", 200, 200), ("superuser", 200, 200)],
)
def test_publication_read_permission_matrix(who, published, draft):
    client = clients()[who]
    shown, hidden = PublicationFactory(), PublicationFactory(status=Status.DRAFT)
    assert client.get(f"/api/v1/publications/{shown.slug}/").status_code == published
    assert client.get(f"/api/v1/publications/{hidden.slug}/").status_code == draft
    assert (hidden.slug in slugs(client, "/api/v1/publications/")) == (draft == 200)


NEW_BOOK = {
    "kind": "book",
    "title": "Sufism in Tatarstan",
    "subtitle": "History and Present",
    "contributors": [{"person": "karimov", "role": "author"}, {"person": "petrova", "role": "translator"}],
    "published_on": "2025",
    "publisher": "cds",
    "isbn": "ISBN 0-306-40615-2",
    "doi": "https://doi.org/10.1000/ABC.123",
    "pages": "xii + 340",
    "language": "en",
    "topics": ["cultural-diplomacy"],
    "status": "published",
}


@pytest.fixture
def directory():
    OrganizationFactory(slug="cds", name="Centre for Development Studies")
    PersonFactory(slug="karimov", given_name="Ruslan", family_name="Karimov")
    PersonFactory(slug="petrova", given_name="Anna", family_name="Petrova")
    TopicFactory(name="Cultural diplomacy", slug="cultural-diplomacy")


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 201), ("superuser", 201)]
)
def test_create_publication_permission_matrix(directory, who, expected):
    response = clients()[who].post("/api/v1/publications/", NEW_BOOK, format="json")
    assert response.status_code == expected
    assert Publication.objects.exists() == (expected == 201)


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 200), ("superuser", 200)]
)
def test_update_publication_permission_matrix(who, expected):
    book = PublicationFactory(title="Before")
    response = clients()[who].patch(f"/api/v1/publications/{book.slug}/", {"title": "After"}, format="json")
    assert response.status_code == expected
    book.refresh_from_db()
    assert book.title == ("After" if expected == 200 else "Before")


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("no_rights", 403), ("editor", 204), ("superuser", 204)]
)
def test_delete_publication_permission_matrix(who, expected):
    book = ContributionFactory().publication
    assert clients()[who].delete(f"/api/v1/publications/{book.slug}/").status_code == expected
    assert Publication.objects.exists() == (expected != 204)
    assert Contribution.objects.exists() == (expected != 204)


# Writing


def test_editor_creates_a_book_with_contributors_a_year_only_date_and_normalized_identifiers(directory):
    response = editor().post("/api/v1/publications/", NEW_BOOK, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "sufism-in-tatarstan"
    assert body["published_on"] == "2025"
    assert body["isbn"] == "9780306406157"
    assert body["doi"] == "10.1000/ABC.123"
    assert body["publisher_display"] == "Centre for Development Studies"
    assert [(c["person"], c["role"], c["order"]) for c in body["contributors"]] == [
        ("karimov", "author", 1),
        ("petrova", "translator", 2),
    ]
    book = Publication.objects.get()
    assert (book.published_on, book.date_precision) == (datetime.date(2025, 1, 1), DatePrecision.YEAR)
    assert book.publisher.slug == "cds"
    assert [t.slug for t in book.topics.all()] == ["cultural-diplomacy"]


@pytest.mark.parametrize(
    ("typed", "stored", "precision"),
    [
        ("2025-06", datetime.date(2025, 6, 1), "month"),
        ("2025-06-23", datetime.date(2025, 6, 23), "day"),
        (None, None, "day"),
        ("", None, "day"),
    ],
)
def test_publication_date_keeps_its_precision(directory, typed, stored, precision):
    response = editor().post("/api/v1/publications/", NEW_BOOK | {"published_on": typed}, format="json")
    assert response.status_code == 201, response.json()
    book = Publication.objects.get()
    assert (book.published_on, book.date_precision) == (stored, precision)
    assert response.json()["published_on"] == (typed or None)


def test_editor_adds_a_chapter_to_a_volume_and_a_review_of_a_work(directory):
    volume = VolumeFactory(slug="the-volume")
    chapter = {
        "kind": "chapter",
        "title": "Energy",
        "parent": "the-volume",
        "section": "Section III",
        "order": 3,
        "contributors": [{"person": "karimov", "role": "author"}],
    }
    response = editor().post("/api/v1/publications/", chapter, format="json")
    assert response.status_code == 201, response.json()
    assert Publication.objects.get(slug=response.json()["slug"]).parent == volume
    review = {"kind": "book_review", "title": "A review", "reviewed_work": "the-volume"}
    response = editor().post("/api/v1/publications/", review, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reviewed_work"]["slug"] == "the-volume"


def test_updating_contributors_replaces_them_and_a_refused_update_changes_nothing(directory):
    book = PublicationFactory(title="Before")
    ContributionFactory(publication=book, person=PersonFactory(slug="old-author"))
    response = editor().patch(
        f"/api/v1/publications/{book.slug}/",
        {"title": "After", "contributors": [{"person": "nobody", "role": "author"}]},
        format="json",
    )
    assert response.status_code == 400
    book.refresh_from_db()
    assert book.title == "Before"
    assert [c.person.slug for c in book.contributions.all()] == ["old-author"]
    payload = {"contributors": [{"person": "petrova", "role": "editor", "order": 4}]}
    response = editor().patch(f"/api/v1/publications/{book.slug}/", payload, format="json")
    assert response.status_code == 200, response.json()
    assert [(c.person.slug, c.role, c.order) for c in book.contributions.all()] == [("petrova", "editor", 4)]


def test_a_patch_keeps_the_date_and_identifiers_it_does_not_send():
    book = PublicationFactory(
        published_on=datetime.date(2024, 3, 1), date_precision=DatePrecision.MONTH, isbn="9780306406157"
    )
    response = editor().patch(f"/api/v1/publications/{book.slug}/", {"pages": "200"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["published_on"], response.json()["isbn"]) == ("2024-03", "9780306406157")


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"isbn": "978-0-306-40615-8"},
            "isbn",
            "This ISBN has a wrong check digit; please copy it again from the book or the publisher.",
        ),
        ({"isbn": "12345"}, "isbn", "An ISBN has 10 or 13 digits (the last digit of an ISBN-10 may be X)."),
        (
            {"doi": "doi.org/nothing"},
            "doi",
            "Enter a DOI such as 10.1000/xyz123 or https://doi.org/10.1000/xyz123.",
        ),
        (
            {"published_on": "June 2025"},
            "published_on",
            "Enter a year (2025), a month (2025-06) or a full date (2025-06-23).",
        ),
        (
            {"published_on": "2025-02-30"},
            "published_on",
            "Enter a year (2025), a month (2025-06) or a full date (2025-06-23).",
        ),
        (
            {"published_on": 2025},
            "published_on",
            "Enter a year (2025), a month (2025-06) or a full date (2025-06-23).",
        ),
        (
            {"publisher_name": "Routledge"},
            "publisher_name",
            "Choose the publisher from the directory or type its name, not both.",
        ),
        ({"section": "Section I"}, "section", "Only chapters have a section."),
        ({"kind": "chapter"}, "parent", "A chapter belongs to an edited volume: choose the volume."),
        ({"kind": "book_review"}, "reviewed_work", "A book review needs the work it reviews."),
        (
            {
                "contributors": [
                    {"person": "karimov", "role": "author"},
                    {"person": "karimov", "role": "author"},
                ]
            },
            "contributors",
            "This person is already listed in this role.",
        ),
    ],
)
def test_publication_rules_of_the_admin_are_field_level_400s(directory, payload, field, message):
    response = editor().post("/api/v1/publications/", NEW_BOOK | payload, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not Publication.objects.exists()


def test_a_chapter_must_belong_to_an_edited_volume(directory):
    PublicationFactory(slug="a-monograph")
    payload = {"kind": "chapter", "title": "Energy", "parent": "a-monograph"}
    response = editor().post("/api/v1/publications/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"parent": ["A chapter can only belong to an edited volume."]}


def test_a_review_cannot_review_itself():
    review = ReviewFactory()
    response = editor().patch(
        f"/api/v1/publications/{review.slug}/", {"reviewed_work": review.slug}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"reviewed_work": ["A review cannot review itself."]}


def test_a_volume_with_chapters_cannot_change_its_kind():
    chapter = ChapterFactory()
    response = editor().patch(f"/api/v1/publications/{chapter.parent.slug}/", {"kind": "book"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "kind": ["This volume has chapters; move or delete them before changing its kind."]
    }


@pytest.mark.parametrize(
    ("field", "value"), [("isbn", "978 0 306 40615 7"), ("doi", "https://doi.org/10.1000/xyz")]
)
def test_isbn_and_doi_are_unique_whatever_way_they_are_typed(directory, field, value):
    PublicationFactory(isbn="9780306406157", doi="10.1000/XYZ")
    response = editor().post(
        "/api/v1/publications/", NEW_BOOK | {"isbn": "", "doi": "", field: value}, format="json"
    )
    assert response.status_code == 400
    message = f"Another publication already has this {field.upper()}."
    assert response.json() == {field: [message]}


def test_a_publication_keeps_its_own_isbn_on_update():
    book = PublicationFactory(isbn="9780306406157")
    response = editor().patch(f"/api/v1/publications/{book.slug}/", {"isbn": "0-306-40615-2"}, format="json")
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "novel"}, "kind"),
        ({"title": ""}, "title"),
        ({"language": "klingon"}, "language"),
        ({"publisher": "no-such-org"}, "publisher"),
        ({"parent": "no-such-volume"}, "parent"),
        ({"reviewed_work": "no-such-work"}, "reviewed_work"),
        ({"contributors": [{"person": "nobody", "role": "author"}]}, "contributors"),
        ({"contributors": [{"person": "karimov", "role": "ghostwriter"}]}, "contributors"),
        ({"external_url": "javascript:alert(1)"}, "external_url"),
        ({"topics": ["no-such-topic"]}, "topics"),
    ],
)
def test_bad_publication_writes_are_field_level_400s(directory, payload, field):
    response = editor().post("/api/v1/publications/", NEW_BOOK | payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Publication.objects.exists()


@pytest.mark.parametrize("kind", ["volume", "reviewed work"])
def test_deleting_a_volume_with_chapters_or_a_reviewed_work_is_refused_with_409(kind):
    referenced = ChapterFactory().parent if kind == "volume" else ReviewFactory().reviewed_work
    response = editor().delete(f"/api/v1/publications/{referenced.slug}/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This record cannot be deleted while other records point at it.",
        "referenced_by": ["publications"],
    }
    assert Publication.objects.filter(pk=referenced.pk).exists()


# Conditional requests, query counts, schema


def test_conditional_get_answers_304_until_the_publication_changes(client):
    book = PublicationFactory()
    for url in ("/api/v1/publications/", f"/api/v1/publications/{book.slug}/"):
        etag = client.get(url).headers["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    url = f"/api/v1/publications/{book.slug}/"
    etag = client.get(url).headers["ETag"]
    book.title = "Changed"
    book.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).json()["title"] == "Changed"


def publications_with_every_field_set_and_unset() -> list[Publication]:
    book = PublicationFactory(
        title="Russia and Pakistan",
        subtitle="A Regional Perspective",
        publisher=OrganizationFactory(),
        published_on=datetime.date(2021, 6, 23),
        isbn="9780306406157",
        doi="10.1000/xyz123",
        pages="xii + 340",
        language=Publication.Language.RUSSIAN,
        abstract="On the relations.",
        body="<p>The text.</p>",
        disclaimer="Views are the authors' own.",
        external_url="https://example.org/book",
    )
    Publication.objects.filter(pk=book.pk).update(cover="covers/book.jpg", pdf="publications/book.pdf")
    # Topics come by name: neither in the order they were made nor by slug.
    book.topics.add(
        TopicFactory(name="Water", slug="a-water"),
        TopicFactory(name="Energy", slug="z-energy"),
        TopicFactory(name="History", slug="m-history"),
    )
    ContributionFactory(
        publication=book, person=PersonFactory(honorific="Dr.", patronymic="Ildarovich"), order=2
    )
    ContributionFactory(publication=book, person=PersonFactory(status=Status.DRAFT), role="editor", order=1)
    ContributionFactory(
        publication=book, person=PersonFactory(given_name="", family_name="", native_name="علی")
    )
    article = PublicationFactory(
        kind=Publication.Kind.JOURNAL_ARTICLE,
        publisher=OrganizationFactory(status=Status.DRAFT),
        outlet=OrganizationFactory(),
        published_on=datetime.date(2019, 6, 1),
        date_precision=DatePrecision.MONTH,
    )
    op_ed = PublicationFactory(
        kind=Publication.Kind.OP_ED,
        outlet=OrganizationFactory(status=Status.DRAFT),
        publisher_name="Dawn Media Group",
        published_on=datetime.date(2018, 1, 1),
        date_precision=DatePrecision.YEAR,
    )
    undated = PublicationFactory(outlet_name="Strategic Studies", title_is_supplied=True, status=Status.DRAFT)
    volume = VolumeFactory()
    chapter = ChapterFactory(parent=volume, section="Section III: Energy", order=4)
    chapter_of_draft = ChapterFactory(parent=VolumeFactory(status=Status.DRAFT))
    review = ReviewFactory(
        reviewed_work=PublicationFactory(title="Sources", subtitle="An Inventory", title_is_supplied=True)
    )
    review_of_draft = ReviewFactory(reviewed_work=PublicationFactory(status=Status.DRAFT))
    records = [book, article, op_ed, undated, volume, chapter, chapter_of_draft, review, review_of_draft]
    return list(Publication.objects.filter(pk__in=[r.pk for r in records]).order_by("pk"))


@pytest.mark.parametrize("reader", ["anonymous", "editor", "staff"])
def test_publication_read_path_gives_what_drf_fields_give(reader):
    publications = publications_with_every_field_set_and_unset()
    user = readers()[reader]
    assert_reads_as_drf(PublicationSerializer, publications, user=user)
    assert_reads_as_drf(
        PublicationSerializer,
        publications,
        user=user,
        path="/api/v1/publications/?format=json",
        format="json",
    )
    with timezone.override(datetime.UTC):
        assert_reads_as_drf(PublicationSerializer, publications, user=user)


@pytest.mark.parametrize("count", [1, 3])
def test_publication_list_and_detail_run_constant_queries(client, django_assert_max_num_queries, count):
    publisher = OrganizationFactory()
    for _ in range(count):
        review = ReviewFactory(publisher=publisher, outlet=OrganizationFactory())
        review.topics.add(TopicFactory())
        ContributionFactory.create_batch(2, publication=review)
        chapter = ChapterFactory()
        ContributionFactory.create_batch(2, publication=chapter)
    # The page, its count, contributors, topics, and the volumes and reviewed works (read
    # apart from the page: joined to it, PostgreSQL takes longer to plan than to run both).
    with django_assert_max_num_queries(5):
        assert len(client.get("/api/v1/publications/").json()["results"]) == 4 * count
    with django_assert_max_num_queries(4):
        assert len(client.get(f"/api/v1/publications/{review.slug}/").json()["contributors"]) == 2


def test_schema_documents_the_publication_filters_and_both_shapes_of_the_reviewed_work(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/publications/"]["get"]["parameters"]}
    assert {
        "kind", "topic", "person", "organization", "parent", "language", "published_after",
        "published_before", "status", "updated_since", "search", "ordering",
    } <= parameters  # fmt: skip
    components = schema["components"]["schemas"]
    assert components["Publication"]["properties"]["reviewed_work"]["type"] == "object"
    assert components["PublicationRequest"]["properties"]["reviewed_work"]["type"] == "string"
    assert components["Publication"]["properties"]["published_on"]["pattern"]
