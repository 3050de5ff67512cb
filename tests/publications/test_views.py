import datetime
import json
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pakrus_site.models import Status
from publications.dates import DatePrecision
from publications.models import Contribution, Publication
from tests.events.factories import EventFactory, EventOrganizationFactory
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory, UserFactory
from tests.publications.factories import (
    ChapterFactory,
    ContributionFactory,
    PublicationFactory,
    ReviewFactory,
    VolumeFactory,
)

pytestmark = pytest.mark.django_db

Kind = Publication.Kind
Role = Contribution.Role
SITE = "https://pakrus.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


class HeadParser(HTMLParser):
    """The machine-readable parts of a page: meta tags, canonical link, JSON-LD."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.canonical = None
        self.json_ld: list[dict] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.meta.append((attrs["name"], attrs["content"]))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_json_ld = False


def _head(response) -> HeadParser:
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def _credit(publication, role=Role.AUTHOR, **names):
    person = PersonFactory(**names)
    ContributionFactory(
        publication=publication, person=person, role=role, order=publication.contributions.count()
    )
    return person


@pytest.fixture
def volume():
    """A volume with two sections, three chapters (one a draft) and a review."""
    volume = VolumeFactory(
        title="Pakistan – Russia Relations",
        subtitle="A Comprehensive Historical and Strategic Analysis",
        isbn="978-0-306-40615-7",
    )
    _credit(volume, Role.EDITOR, honorific="Dr.", given_name="Neelum", family_name="Nigar")
    for order, (section, title, family) in enumerate(
        [
            ("Section I: Historical foundations", "An eyewitness account", "Khalilullah"),
            ("Section I: Historical foundations", "Post-Soviet realignments", "Kharina"),
            ("Section III: Economic, energy and technological cooperation", "Trade and energy", "Malik"),
        ],
        start=1,
    ):
        chapter = ChapterFactory(
            parent=volume, order=order, section=section, title=title, title_is_supplied=True
        )
        _credit(chapter, given_name="Given", family_name=family)
    ChapterFactory(parent=volume, order=9, title="Unfinished chapter", status=Status.DRAFT)
    review = ReviewFactory(
        reviewed_work=volume, title="Review title", published_on=datetime.date(2025, 12, 21)
    )
    _credit(review, Role.REVIEWER, given_name="Muhammad Taimur", family_name="Khan")
    ReviewFactory(reviewed_work=volume, title="Draft review", status=Status.DRAFT)
    return volume


@pytest.fixture
def article():
    article = PublicationFactory(
        kind=Kind.RESEARCH_ARTICLE,
        title="Forging New Bonds",
        subtitle="Pakistan and Russia in a Multipolar World",
        outlet=OrganizationFactory(name="Centre for Development and Stability", short_name="CDS"),
        published_on=datetime.date(2025, 6, 23),
        abstract="Pakistan and Russia are re-engaging.",
        body="<h2>Defence Cooperation</h2><p>Joint drills.</p>",
        disclaimer="The views are those of the author.",
        external_url="https://cds.example/forging-new-bonds",
        doi="10.5555/cds.1",
    )
    _credit(article, given_name="Nuzhat", family_name="Nazar")
    return article


# The list -----------------------------------------------------------------------------


def test_list_shows_published_works_newest_first_and_leaves_chapters_to_their_volume(client, volume, article):
    PublicationFactory(title="Secret draft", status=Status.DRAFT)
    response = client.get("/publications/")
    assert response.status_code == 200
    titles = [p.title for p in response.context["object_list"]]
    assert titles == ["Review title", "Forging New Bonds", "Pakistan – Russia Relations"]
    html = response.content.decode()
    assert "Secret draft" not in html
    assert "Review of" in html
    assert "3 publications" in html


def test_list_shows_chapters_when_asked(client, volume):
    titles = [p.title for p in client.get("/publications/?kind=chapter").context["object_list"]]
    assert titles == ["An eyewitness account", "Post-Soviet realignments", "Trade and energy"]


def test_list_filters_by_kind_topic_year_and_language(client, article):
    energy = TopicFactory(name="Energy")
    article.topics.add(energy)
    book = PublicationFactory(title="Russian book", language="ru", published_on=datetime.date(2019, 5, 1))

    def titles(query):
        return [p.title for p in client.get(f"/publications/{query}").context["object_list"]]

    assert titles("?kind=research_article") == ["Forging New Bonds"]
    assert titles(f"?topic={energy.slug}") == ["Forging New Bonds"]
    assert titles("?year=2019") == [book.title]
    assert titles("?language=ru") == [book.title]
    assert titles("?year=2025&language=ru") == []
    response = client.get("/publications/")
    assert response.context["years"] == [2025, 2019]
    assert response.context["language_choices"] == [("en", "English"), ("ru", "Russian")]
    assert [t.slug for t in response.context["topic_choices"]] == [energy.slug]


def test_menus_offer_drafts_to_editors_only_whoever_asks_first(client, editor, settings):
    settings.PAGE_CACHE = False  # the visitor's second view is built, not served from the cache
    energy = TopicFactory(name="Energy")
    PublicationFactory(title="Published", language="en", published_on=datetime.date(2025, 1, 1))
    draft = PublicationFactory(
        title="Draft", status=Status.DRAFT, language="ru", published_on=datetime.date(2019, 5, 1)
    )
    draft.topics.add(energy)
    editor_client = Client()
    editor_client.force_login(editor)

    def menus(some_client):
        context = some_client.get("/publications/").context
        return context["years"], context["language_choices"], [t.slug for t in context["topic_choices"]]

    def rows(some_client):
        context = some_client.get("/publications/").context
        return [p.title for p in context["object_list"]], context["page_obj"].paginator.count

    staff_client = Client()
    staff_client.force_login(UserFactory(is_staff=True))

    visitor_menus = ([2025], [("en", "English")], [])
    editor_menus = ([2025, 2019], [("en", "English"), ("ru", "Russian")], [energy.slug])
    # The same content generation throughout: each audience keeps its own menus, and staff
    # who may not view publications in the admin are visitors here.
    for some_client, expected in (
        (editor_client, editor_menus),
        (client, visitor_menus),
        (staff_client, visitor_menus),
        (editor_client, editor_menus),
        (client, visitor_menus),
    ):
        assert menus(some_client) == expected
        # The rows and their count likewise.
        assert rows(some_client) == (
            (["Published", "Draft"], 2) if expected == editor_menus else (["Published"], 1)
        )


def test_bad_filter_values_are_ignored_with_a_notice_never_a_500(client, article):
    response = client.get("/publications/?kind=novel&topic=nothing&year=20x5&language=xx")
    assert response.status_code == 200
    assert [p.title for p in response.context["object_list"]] == ["Forging New Bonds"]
    assert (
        "Some filters were not understood and have been ignored: kind, topic, year, language."
        in response.content.decode()
    )


def test_list_paginates_and_rejects_bad_page_numbers(client):
    PublicationFactory.create_batch(21)
    first = client.get("/publications/")
    assert len(first.context["object_list"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get("/publications/?page=2").context["object_list"]) == 1
    assert client.get("/publications/?page=3").status_code == 404
    assert client.get("/publications/?page=abc").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    topic = TopicFactory()
    for _ in range(count):
        chapter = ChapterFactory(published_on=datetime.date(2025, 1, 1))
        chapter.parent.topics.add(topic)
        ContributionFactory.create_batch(2, publication=chapter.parent, role=Role.EDITOR)
        ContributionFactory(publication=ReviewFactory(reviewed_work=chapter.parent), role=Role.REVIEWER)
        ContributionFactory(publication=PublicationFactory(outlet=OrganizationFactory()))
    # Volumes and reviewed works are read in queries of their own (see ``for_cards()``).
    with django_assert_max_num_queries(8):
        assert client.get("/publications/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/publications/?kind=chapter").status_code == 200


# The detail page ----------------------------------------------------------------------


def test_volume_page_shows_contents_by_section_with_contributors_and_its_reviews(client, volume):
    response = client.get(volume.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    chapters = response.context["publication"].published_chapters
    assert [(c.section, c.display_title) for c in chapters] == [
        ("Section I: Historical foundations", "[An eyewitness account]"),
        ("Section I: Historical foundations", "[Post-Soviet realignments]"),
        ("Section III: Economic, energy and technological cooperation", "[Trade and energy]"),
    ]
    assert html.count("<h3>Section I: Historical foundations</h3>") == 1
    assert "<h3>Section III: Economic, energy and technological cooperation</h3>" in html
    assert "Given Kharina</a>" in html
    assert "Unfinished chapter" not in html
    assert "Review by Muhammad Taimur Khan" in html
    assert "Draft review" not in html
    assert "<dt>Editor</dt>" in html
    assert "978-0-306-40615-7" in html


def test_chapter_page_names_its_volume_section_and_editor(client, volume):
    chapter = volume.chapters.get(title="Post-Soviet realignments")
    html = client.get(chapter.get_absolute_url()).content.decode()
    assert f'Chapter in <a href="{volume.get_absolute_url()}">' in html
    assert "Section I: Historical foundations" in html
    assert "The source gives no title; the one in brackets describes the subject." in html


def test_review_page_links_the_work_it_reviews(client, volume):
    review = volume.reviews.get(title="Review title")
    html = client.get(review.get_absolute_url()).content.decode()
    assert f'Review of <a href="{volume.get_absolute_url()}">' in html
    assert ", edited by" in html
    assert "<dt>Reviewer</dt>" in html


def test_article_page_shows_body_disclaimer_links_and_a_citation(client, article):
    author = article.contributions.get().person
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Defence Cooperation</h2><p>Joint drills.</p>" in html
    assert "The views are those of the author." in html
    assert f'<a href="{author.get_absolute_url()}">{author.display_name}</a>' in html
    assert 'href="https://cds.example/forging-new-bonds" rel="external"' in html
    assert 'href="https://doi.org/10.5555/cds.1"' in html
    assert "Nazar, Nuzhat. “Forging New Bonds: Pakistan and Russia in a Multipolar World”." in html
    assert "/publications/forging-new-bonds/cite.bib" in html
    assert "/publications/forging-new-bonds/cite.ris" in html


def test_a_pdf_can_be_downloaded_and_is_announced_to_scholar(client):
    pdf = SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    paper = PublicationFactory(kind=Kind.POLICY_PAPER, title="Water security", pdf=pdf)
    response = client.get(paper.get_absolute_url())
    assert "Download PDF" in response.content.decode()
    assert dict(_head(response).meta)["citation_pdf_url"] == SITE + paper.pdf.url


def test_page_carries_highwire_tags_and_a_canonical_url(client, article):
    head = _head(client.get(article.get_absolute_url()))
    assert head.canonical == f"{SITE}/publications/forging-new-bonds/"
    assert head.meta == [
        ("citation_title", "Forging New Bonds: Pakistan and Russia in a Multipolar World"),
        ("citation_author", "Nazar, Nuzhat"),
        ("citation_publication_date", "2025/06/23"),
        ("citation_journal_title", "Centre for Development and Stability"),
        ("citation_doi", "10.5555/cds.1"),
        ("citation_language", "en"),
        ("citation_abstract_html_url", f"{SITE}/publications/forging-new-bonds/"),
    ]


def test_article_json_ld_is_a_scholarly_article(client, article):
    author = article.contributions.get().person
    (data,) = _head(client.get(article.get_absolute_url())).json_ld
    assert data == {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": f"{SITE}/publications/forging-new-bonds/",
        "url": f"{SITE}/publications/forging-new-bonds/",
        "name": "Forging New Bonds: Pakistan and Russia in a Multipolar World",
        "headline": "Forging New Bonds: Pakistan and Russia in a Multipolar World",
        "alternativeHeadline": "Pakistan and Russia in a Multipolar World",
        "inLanguage": "en",
        "author": [
            {
                "@type": "Person",
                "name": "Nuzhat Nazar",
                "familyName": "Nazar",
                "givenName": "Nuzhat",
                "url": f"{SITE}{author.get_absolute_url()}",
            }
        ],
        "datePublished": "2025-06-23",
        "abstract": "Pakistan and Russia are re-engaging.",
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.5555/cds.1"},
        "sameAs": "https://doi.org/10.5555/cds.1",
        "publisher": {
            "@type": "Organization",
            "name": "Centre for Development and Stability",
            "url": f"{SITE}{article.outlet.get_absolute_url()}",
        },
    }


def test_volume_json_ld_is_a_book_with_its_chapters(client, volume):
    (data,) = _head(client.get(volume.get_absolute_url())).json_ld
    assert data["@type"] == "Book"
    assert data["isbn"] == "9780306406157"
    assert [e["name"] for e in data["editor"]] == ["Neelum Nigar"]
    assert [(part["@type"], part["name"], part["position"]) for part in data["hasPart"]] == [
        ("Chapter", "[An eyewitness account]", 1),
        ("Chapter", "[Post-Soviet realignments]", 2),
        ("Chapter", "[Trade and energy]", 3),
    ]


def test_chapter_json_ld_is_part_of_its_book(client, volume):
    chapter = volume.chapters.get(title="Trade and energy")
    (data,) = _head(client.get(chapter.get_absolute_url())).json_ld
    assert data["@type"] == "Chapter"
    assert data["position"] == 3
    assert data["isPartOf"]["@type"] == "Book"
    assert data["isPartOf"]["url"] == f"{SITE}{volume.get_absolute_url()}"
    assert [e["name"] for e in data["isPartOf"]["editor"]] == ["Neelum Nigar"]


def test_review_json_ld_names_the_item_reviewed(client, volume):
    review = volume.reviews.get(title="Review title")
    (data,) = _head(client.get(review.get_absolute_url())).json_ld
    assert data["@type"] == "Review"
    assert data["author"][0]["name"] == "Muhammad Taimur Khan"
    assert data["datePublished"] == "2025-12-21"
    assert data["itemReviewed"]["@type"] == "Book"
    assert data["itemReviewed"]["name"] == (
        "Pakistan – Russia Relations: A Comprehensive Historical and Strategic Analysis"
    )
    assert data["itemReviewed"]["isbn"] == "9780306406157"


def test_json_ld_cannot_be_broken_out_of(client):
    publication = PublicationFactory(title="</script><script>alert(1)</script>")
    response = client.get(publication.get_absolute_url())
    assert response.content.decode().count("<script>alert(1)") == 0
    assert _head(response).json_ld[0]["name"] == "</script><script>alert(1)</script>"


def test_year_only_date_is_shown_and_tagged_as_a_year(client):
    book = PublicationFactory(published_on=datetime.date(2025, 1, 1), date_precision=DatePrecision.YEAR)
    response = client.get(book.get_absolute_url())
    assert '<time datetime="2025">2025</time>' in response.content.decode()
    assert dict(_head(response).meta)["citation_publication_date"] == "2025"


def test_draft_publication_is_404_for_visitors_and_previewed_by_editors(editor_client):
    draft = PublicationFactory(status=Status.DRAFT)
    client = Client()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"{draft.get_absolute_url()}cite.bib").status_code == 404
    assert client.get(f"{draft.get_absolute_url()}cite.ris").status_code == 404
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only editors can see this page." in response.content.decode()


def test_a_chapter_of_a_draft_volume_does_not_reveal_it(client):
    chapter = ChapterFactory(parent=VolumeFactory(title="Unannounced volume", status=Status.DRAFT))
    response = client.get(chapter.get_absolute_url())
    assert response.status_code == 200
    assert "Unannounced volume" not in response.content.decode()


def test_unknown_publication_is_a_404_page(client):
    assert client.get("/publications/no-such-book/").status_code == 404
    assert client.get("/publications/no-such-book/cite.bib").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_detail_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    volume = VolumeFactory()
    topic = TopicFactory()
    volume.topics.add(topic, TopicFactory())
    ContributionFactory.create_batch(count, publication=volume, role=Role.EDITOR)
    for _ in range(count):
        chapter = ChapterFactory(parent=volume)
        ContributionFactory.create_batch(2, publication=chapter)
        ContributionFactory(publication=ReviewFactory(reviewed_work=volume), role=Role.REVIEWER)
        event = EventFactory()
        event.topics.add(topic)
        EventOrganizationFactory(event=event)
    # Two of these are the related events and their organizers.
    with django_assert_max_num_queries(9):
        assert client.get(volume.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(chapter.get_absolute_url()).status_code == 200
    review = volume.reviews.first()
    with django_assert_max_num_queries(9):
        assert client.get(review.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(f"{volume.get_absolute_url()}cite.bib").status_code == 200


# Citation files -----------------------------------------------------------------------


def test_citation_files_download_with_their_types(client, article):
    bib = client.get("/publications/forging-new-bonds/cite.bib")
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bib["Content-Disposition"] == 'attachment; filename="forging-new-bonds.bib"'
    assert bib.content.decode().startswith("@misc{nazar2025forging,\n")
    ris = client.get("/publications/forging-new-bonds/cite.ris")
    assert ris["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert ris["Content-Disposition"] == 'attachment; filename="forging-new-bonds.ris"'
    assert ris.content.decode().startswith("TY  - ELEC\r\n")


# People and organizations -------------------------------------------------------------


def test_person_page_lists_works_by_role(client, volume):
    editor = volume.contributions.get().person
    ContributionFactory(person=editor, publication=PublicationFactory(title="Her own monograph"))
    ContributionFactory(person=editor, publication=PublicationFactory(title="Hidden", status=Status.DRAFT))
    html = client.get(editor.get_absolute_url()).content.decode()
    assert (
        html.index("<h3>As author</h3>") < html.index("Her own monograph") < html.index("<h3>As editor</h3>")
    )
    assert html.index("<h3>As editor</h3>") < html.index("Pakistan – Russia Relations")
    assert "Hidden" not in html


def test_chapter_author_page_names_the_volume(client, volume):
    author = volume.chapters.get(title="Trade and energy").contributions.get().person
    html = client.get(author.get_absolute_url()).content.decode()
    assert "[Trade and energy]" in html
    assert f'in <a href="{volume.get_absolute_url()}">' in html


def test_organization_page_lists_what_it_published_or_carried(client, article):
    cds = article.outlet
    PublicationFactory(title="Their annual report", kind=Kind.REPORT, publisher=cds)
    PublicationFactory(title="Draft paper", publisher=cds, status=Status.DRAFT)
    html = client.get(cds.get_absolute_url()).content.decode()
    assert "Forging New Bonds" in html
    assert "Their annual report" in html
    assert "Draft paper" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_person_and_organization_pages_stay_within_a_query_budget(
    client, django_assert_max_num_queries, count
):
    person = PersonFactory()
    organization = OrganizationFactory()
    for _ in range(count):
        ContributionFactory(person=person, publication=ChapterFactory())
        ContributionFactory(person=person, publication=ReviewFactory(), role=Role.REVIEWER)
        ContributionFactory.create_batch(2, publication=PublicationFactory(publisher=organization))
    with django_assert_max_num_queries(7):
        assert client.get(person.get_absolute_url()).status_code == 200
    # One more for the organization page, which also lists events and agreements.
    with django_assert_max_num_queries(8):
        assert client.get(organization.get_absolute_url()).status_code == 200
