import datetime

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts

from pakrus_site.models import Status
from publications.citations import bibtex, bibtex_escape, citation_html, citation_key, highwire_tags, ris
from publications.dates import DatePrecision
from publications.models import Contribution, Publication
from tests.factories import OrganizationFactory, PersonFactory, TopicFactory
from tests.publications.factories import (
    ChapterFactory,
    ContributionFactory,
    PublicationFactory,
    ReviewFactory,
    VolumeFactory,
)

pytestmark = pytest.mark.django_db

Role = Contribution.Role
SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _loaded(publication: Publication) -> Publication:
    return Publication.objects.with_details().get(pk=publication.pk)


def _credit(publication, role=Role.AUTHOR, **names):
    person = PersonFactory(**names)
    ContributionFactory(
        publication=publication, person=person, role=role, order=publication.contributions.count()
    )
    return person


def _parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    (entry,) = library.entries
    return entry


@pytest.fixture
def book():
    book = PublicationFactory(
        title="Crescent in the Bear’s Shadow",
        subtitle="Cultural Diplomacy and Strategic Hedging between Pakistan and Russia",
        publisher=OrganizationFactory(name="Kazan-Multan Cultural Studies Centre"),
        published_on=datetime.date(2024, 1, 1),
        date_precision=DatePrecision.YEAR,
        isbn="0-306-40615-2",
        pages="xii + 340",
    )
    book.full_clean()
    book.save()
    book.topics.add(TopicFactory(name="Cultural diplomacy"))
    _credit(book, honorific="Dr.", given_name="Ruslan", patronymic="Ildarovich", family_name="Karimov")
    _credit(book, given_name="Marat", family_name="Ganiev")
    return _loaded(book)


@pytest.fixture
def chapter():
    volume = VolumeFactory(
        title="Pakistan – Russia Relations",
        subtitle="A Comprehensive Historical and Strategic Analysis",
        publisher_name="ISSI Press",
        published_on=datetime.date(2025, 6, 1),
        date_precision=DatePrecision.MONTH,
    )
    _credit(volume, Role.EDITOR, honorific="Dr.", given_name="Neelum", family_name="Nigar")
    chapter = ChapterFactory(
        parent=volume, title="Post-Soviet realignments", section="Section I", pages="45–67"
    )
    _credit(chapter, honorific="Dr.", given_name="Olga A.", family_name="Kharina")
    return _loaded(chapter)


@pytest.fixture
def review(chapter):
    review = ReviewFactory(
        reviewed_work=chapter.parent,
        title="Pakistan – Russia Relations",
        outlet_name="Strategic Studies",
        published_on=datetime.date(2025, 12, 21),
    )
    _credit(review, Role.REVIEWER, given_name="Muhammad Taimur", family_name="Khan")
    return _loaded(review)


@pytest.fixture
def article():
    article = PublicationFactory(
        kind=Publication.Kind.RESEARCH_ARTICLE,
        title="Forging New Bonds",
        subtitle="Pakistan and Russia in a Multipolar World",
        outlet=OrganizationFactory(name="Centre for Development and Stability", short_name="CDS"),
        published_on=datetime.date(2025, 6, 23),
        abstract="Pakistan and Russia\nre-engage.",
        doi="10.5555/cds.2025.1",
    )
    _credit(article, given_name="Nuzhat", family_name="Nazar")
    return _loaded(article)


# Reference line -----------------------------------------------------------------------


def test_reference_line_of_a_book(book):
    assert citation_html(book) == (
        "Karimov, Ruslan Ildarovich and Marat Ganiev. <i>Crescent in the Bear’s Shadow: Cultural Diplomacy "
        "and Strategic Hedging between Pakistan and Russia</i>. Kazan-Multan Cultural Studies Centre, 2024."
    )


def test_reference_line_of_a_chapter_names_its_volume_and_editor(chapter):
    assert citation_html(chapter) == (
        "Kharina, Olga A. “Post-Soviet realignments”. In <i>Pakistan – Russia Relations: A Comprehensive "
        "Historical and Strategic Analysis</i>, edited by Neelum Nigar, 45–67. ISSI Press, June 2025."
    )


def test_reference_line_of_an_edited_volume_marks_the_editor(chapter):
    assert citation_html(_loaded(chapter.parent)).startswith(
        "Nigar, Neelum, ed. <i>Pakistan – Russia Relations"
    )


def test_reference_line_of_a_review_names_the_reviewed_work(review):
    assert citation_html(review) == (
        "Khan, Muhammad Taimur. “Pakistan – Russia Relations”. Review of <i>Pakistan – Russia Relations: "
        "A Comprehensive Historical and Strategic Analysis</i>, edited by Neelum Nigar. "
        "<i>Strategic Studies</i>, 21 December 2025."
    )


def test_reference_line_of_an_article_links_its_doi(article):
    assert citation_html(article) == (
        "Nazar, Nuzhat. “Forging New Bonds: Pakistan and Russia in a Multipolar World”. "
        "<i>Centre for Development and Stability</i>, 23 June 2025. "
        '<a href="https://doi.org/10.5555/cds.2025.1">https://doi.org/10.5555/cds.2025.1</a>.'
    )


def test_reference_line_escapes_html():
    publication = PublicationFactory(title="<script>alert(1)</script>")
    assert "&lt;script&gt;" in citation_html(_loaded(publication))


# BibTeX ------------------------------------------------------------------------------


def test_bibtex_of_a_book_parses_back_with_exact_values(book):
    entry = _parse_bibtex(bibtex(book))
    assert entry.entry_type == "book"
    assert entry.key == "karimov2024crescent"
    assert {field.key: field.value for field in entry.fields} == {
        "author": "Karimov, Ruslan Ildarovich and Ganiev, Marat",
        "title": "Crescent in the Bear’s Shadow: Cultural Diplomacy and Strategic Hedging between Pakistan and Russia",
        "publisher": "Kazan-Multan Cultural Studies Centre",
        "year": "2024",
        "date": "2024",
        "pages": "xii + 340",
        "isbn": "978-0-306-40615-7",
        "url": f"{SITE}/publications/crescent-in-the-bears-shadow/",
        "language": "English",
        "keywords": "Cultural diplomacy",
    }


def test_bibtex_names_split_into_family_and_given_names(book):
    library = bibtexparser.parse_string(
        bibtex(book), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    first, second = library.entries[0]["author"]
    assert (first.last, first.first) == (["Karimov"], ["Ruslan", "Ildarovich"])
    assert (second.last, second.first) == (["Ganiev"], ["Marat"])


def test_bibtex_of_a_chapter_is_an_incollection_with_its_volume(chapter):
    entry = _parse_bibtex(bibtex(chapter))
    assert entry.entry_type == "incollection"
    assert entry["author"] == "Kharina, Olga A."
    assert entry["editor"] == "Nigar, Neelum"
    assert (
        entry["booktitle"] == "Pakistan – Russia Relations: A Comprehensive Historical and Strategic Analysis"
    )
    assert entry["publisher"] == "ISSI Press"
    assert (entry["year"], entry["month"], entry["date"]) == ("2025", "6", "2025-06")
    assert entry["pages"] == "45–67"
    assert "--" in bibtex(chapter)


def test_bibtex_of_a_review_credits_the_reviewer_and_names_the_work(review):
    entry = _parse_bibtex(bibtex(review))
    assert entry.entry_type == "article"
    assert entry["author"] == "Khan, Muhammad Taimur"
    assert entry["journal"] == "Strategic Studies"
    assert entry["note"] == (
        "Review of Pakistan – Russia Relations: A Comprehensive Historical and Strategic Analysis"
    )


def test_bibtex_of_a_web_article(article):
    entry = _parse_bibtex(bibtex(article))
    assert entry.entry_type == "misc"
    assert entry["howpublished"] == "Centre for Development and Stability"
    assert entry["date"] == "2025-06-23"
    assert entry["doi"] == "10.5555/cds.2025.1"
    assert entry["abstract"] == "Pakistan and Russia re-engage."


def test_bibtex_escapes_every_special_character():
    title = "Profits & Losses: 100% of $5, #1 under_score {braces} ~ \\ end"
    publication = _loaded(PublicationFactory(title=title, publisher_name="A & B"))
    entry = _parse_bibtex(bibtex(publication))
    assert entry["title"] == title
    assert entry["publisher"] == "A & B"
    assert bibtex_escape("x^y") == r"x\textasciicircum{}y"
    assert bibtex_escape("}{") == r"\}\{"


def test_a_one_name_person_is_kept_whole_in_bibtex():
    publication = PublicationFactory(title="Kazan lectures")
    _credit(publication, honorific="Dr.", given_name="Ilsur", family_name="")
    assert "author = {{Ilsur}}" in bibtex(_loaded(publication))
    assert citation_key(_loaded(publication)) == "ilsurkazan"


def test_a_chapter_does_not_cite_a_draft_volume(chapter):
    Publication.objects.filter(pk=chapter.parent.pk).update(status=Status.DRAFT)
    entry = _parse_bibtex(bibtex(_loaded(chapter)))
    assert "booktitle" not in entry
    assert "editor" not in entry


# RIS ---------------------------------------------------------------------------------


def test_ris_of_a_book_parses_back_with_exact_values(book):
    (record,) = rispy.loads(ris(book))
    assert record == {
        "type_of_reference": "BOOK",
        "authors": ["Karimov, Ruslan Ildarovich", "Ganiev, Marat"],
        "title": "Crescent in the Bear’s Shadow: Cultural Diplomacy and Strategic Hedging between Pakistan and Russia",
        "publisher": "Kazan-Multan Cultural Studies Centre",
        "year": "2024",
        "date": "2024///",
        "start_page": "xii + 340",
        "issn": "978-0-306-40615-7",
        "urls": [f"{SITE}/publications/crescent-in-the-bears-shadow/"],
        "language": "en",
        "keywords": ["Cultural diplomacy"],
    }


def test_ris_of_a_chapter_names_the_volume_and_its_editors(chapter):
    (record,) = rispy.loads(ris(chapter))
    assert record["type_of_reference"] == "CHAP"
    assert record["authors"] == ["Kharina, Olga A."]
    assert record["secondary_authors"] == ["Nigar, Neelum"]
    assert record["secondary_title"] == (
        "Pakistan – Russia Relations: A Comprehensive Historical and Strategic Analysis"
    )
    assert (record["start_page"], record["end_page"]) == ("45", "67")
    assert (record["year"], record["date"]) == ("2025", "2025/06//")


def test_ris_of_an_edited_volume_lists_its_editors_first(chapter):
    (record,) = rispy.loads(ris(_loaded(chapter.parent)))
    assert record["type_of_reference"] == "EDBOOK"
    assert record["authors"] == ["Nigar, Neelum"]
    assert "secondary_authors" not in record


def test_ris_of_a_web_article_and_of_a_review(article, review):
    (record,) = rispy.loads(ris(article))
    assert record["type_of_reference"] == "ELEC"
    assert record["secondary_title"] == "Centre for Development and Stability"
    assert record["date"] == "2025/06/23/"
    assert record["doi"] == "10.5555/cds.2025.1"
    assert record["abstract"] == "Pakistan and Russia re-engage."
    (record,) = rispy.loads(ris(review))
    assert record["type_of_reference"] == "JOUR"
    assert record["authors"] == ["Khan, Muhammad Taimur"]
    assert record["notes"] == [
        "Review of Pakistan – Russia Relations: A Comprehensive Historical and Strategic Analysis"
    ]


def test_ris_lines_end_with_crlf_and_the_record_with_er(book):
    text = ris(book)
    assert text.startswith("TY  - BOOK\r\n")
    assert text.endswith("ER  - \r\n")


# Highwire tags -----------------------------------------------------------------------


def test_highwire_tags_of_an_article(article):
    assert highwire_tags(article) == [
        ("citation_title", "Forging New Bonds: Pakistan and Russia in a Multipolar World"),
        ("citation_author", "Nazar, Nuzhat"),
        ("citation_publication_date", "2025/06/23"),
        ("citation_journal_title", "Centre for Development and Stability"),
        ("citation_doi", "10.5555/cds.2025.1"),
        ("citation_language", "en"),
        ("citation_abstract_html_url", f"{SITE}/publications/forging-new-bonds/"),
    ]


def test_highwire_tags_of_a_chapter_give_the_book_and_pages(chapter):
    tags = dict(highwire_tags(chapter))
    assert tags["citation_inbook_title"] == (
        "Pakistan – Russia Relations: A Comprehensive Historical and Strategic Analysis"
    )
    assert tags["citation_publisher"] == "ISSI Press"
    assert tags["citation_publication_date"] == "2025/06"
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == ("45", "67")


def test_highwire_tags_of_a_report_give_the_institution():
    paper = PublicationFactory(
        kind=Publication.Kind.POLICY_PAPER, title="SCO and energy", publisher=OrganizationFactory(name="NIPS")
    )
    tags = dict(highwire_tags(_loaded(paper)))
    assert tags["citation_technical_report_institution"] == "NIPS"
    assert "citation_publisher" not in tags
