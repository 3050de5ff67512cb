import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.loader import get_template
from django.utils import translation
from django.utils.formats import date_format

from pakrus_site.models import Status
from publications.dates import DatePrecision, format_partial_date, parse_partial_date
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

Kind = Publication.Kind
Role = Contribution.Role


def _errors(publication: Publication) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        publication.full_clean()
    return caught.value.message_dict


# Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "shown", "iso"),
    [
        (DatePrecision.YEAR, "2025", "2025"),
        (DatePrecision.MONTH, "June 2025", "2025-06"),
        (DatePrecision.DAY, "23 June 2025", "2025-06-23"),
    ],
)
def test_a_date_is_shown_and_exported_only_as_far_as_it_is_known(precision, shown, iso):
    publication = PublicationFactory(published_on=datetime.date(2025, 6, 23), date_precision=precision)
    assert publication.date_display == shown
    assert publication.date_iso == iso


def test_unknown_month_and_day_are_stored_as_one_so_years_sort_and_filter():
    publication = PublicationFactory(
        published_on=datetime.date(2025, 6, 23), date_precision=DatePrecision.YEAR
    )
    publication.refresh_from_db()
    assert publication.published_on == datetime.date(2025, 1, 1)
    assert list(Publication.objects.in_year(2025)) == [publication]


def test_a_full_date_is_shown_in_the_readers_language():
    publication = PublicationFactory(published_on=datetime.date(2025, 6, 23))
    with translation.override("ru"):
        assert publication.date_display == "23 июня 2025"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_dates_read_as_django_writes_them_in_each_language(language):
    with translation.override(language):
        for month in range(1, 13):
            day = datetime.date(2025, month, month + 9)
            assert format_partial_date(day, DatePrecision.MONTH) == date_format(day, "F Y")
            assert format_partial_date(day, DatePrecision.DAY) == date_format(day, "j E Y")
            assert format_partial_date(day, DatePrecision.YEAR) == "2025"


def test_a_publication_without_a_date_shows_none():
    publication = PublicationFactory(published_on=None)
    assert (publication.date_display, publication.date_iso) == ("", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", (datetime.date(2025, 1, 1), "year")),
        ("2025-06", (datetime.date(2025, 6, 1), "month")),
        (" 2025-6-3 ", (datetime.date(2025, 6, 3), "day")),
    ],
)
def test_partial_dates_are_parsed(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["25", "2025-13", "2025-02-30", "June 2025", "2025/06/23", ""])
def test_impossible_or_unclear_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


# Identifiers --------------------------------------------------------------------------


def test_isbn_and_doi_are_normalized_by_the_model():
    publication = PublicationFactory.build(isbn="ISBN 0-306-40615-2", doi="https://doi.org/10.1000/XYZ123")
    publication.full_clean()
    assert publication.isbn == "9780306406157"
    assert publication.isbn_display == "978-0-306-40615-7"
    assert publication.doi == "10.1000/XYZ123"
    assert publication.doi_url == "https://doi.org/10.1000/XYZ123"


def test_model_validation_explains_a_bad_isbn_and_a_bad_doi():
    errors = _errors(PublicationFactory.build(isbn="978-0-306-40615-8", doi="doi:11.1/x"))
    assert errors["isbn"] == [
        "This ISBN has a wrong check digit; please copy it again from the book or the publisher."
    ]
    assert errors["doi"] == ["Enter a DOI such as 10.1000/xyz123 or https://doi.org/10.1000/xyz123."]


def test_two_publications_cannot_share_an_isbn_however_it_was_typed():
    PublicationFactory(isbn="9780306406157")
    errors = _errors(PublicationFactory.build(isbn="0-306-40615-2"))
    assert errors["__all__"] == ["Another publication already has this ISBN."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(isbn="9780306406157")


def test_many_publications_may_have_no_isbn_or_doi():
    PublicationFactory.create_batch(2, isbn="", doi="")
    assert Publication.objects.count() == 2


def test_two_publications_cannot_share_a_doi_in_any_letter_case():
    PublicationFactory(doi="10.1000/ABC")
    assert _errors(PublicationFactory.build(doi="10.1000/abc"))["__all__"] == [
        "Another publication already has this DOI."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(doi="10.1000/abc")


# Publisher and outlet -----------------------------------------------------------------


def test_publisher_is_an_organization_or_a_name_not_both():
    errors = _errors(
        PublicationFactory.build(publisher=OrganizationFactory(), publisher_name="Vanguard Books")
    )
    assert errors["publisher_name"] == ["Choose the publisher from the directory or type its name, not both."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(publisher=OrganizationFactory(), publisher_name="Vanguard Books")


def test_outlet_is_an_organization_or_a_name_not_both():
    errors = _errors(PublicationFactory.build(outlet=OrganizationFactory(), outlet_name="Dawn"))
    assert errors["outlet_name"] == ["Choose the outlet from the directory or type its name, not both."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(outlet=OrganizationFactory(), outlet_name="Dawn")


def test_publisher_and_outlet_show_the_organization_or_the_typed_name():
    cds = OrganizationFactory(name="Centre for Development and Stability")
    assert PublicationFactory(outlet=cds).outlet_display == "Centre for Development and Stability"
    assert PublicationFactory(publisher_name="Vanguard Books").publisher_display == "Vanguard Books"


# Volumes and chapters -----------------------------------------------------------------


def test_a_chapter_belongs_to_an_edited_volume_with_its_section_and_order():
    volume = VolumeFactory(title="Pakistan – Russia Relations")
    second = ChapterFactory(parent=volume, order=2, section="Section II")
    first = ChapterFactory(parent=volume, order=1, section="Section I")
    first.full_clean()
    assert list(volume.chapters.order_by("order")) == [first, second]
    assert first.parent == volume


def test_a_chapter_needs_a_volume():
    errors = _errors(PublicationFactory.build(kind=Kind.CHAPTER, parent=None))
    assert errors["parent"] == ["A chapter belongs to an edited volume: choose the volume."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(kind=Kind.CHAPTER, parent=None)


def test_a_chapter_cannot_belong_to_a_monograph():
    errors = _errors(ChapterFactory.build(parent=PublicationFactory(kind=Kind.BOOK)))
    assert errors["parent"] == ["A chapter can only belong to an edited volume."]


def test_only_chapters_have_a_volume_or_a_section():
    errors = _errors(PublicationFactory.build(kind=Kind.BOOK, parent=VolumeFactory(), section="Section I"))
    assert errors["parent"] == ["Only chapters belong to a volume: choose the kind “Chapter” or clear it."]
    assert errors["section"] == ["Only chapters have a section."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(kind=Kind.BOOK, section="Section I")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(kind=Kind.BOOK, parent=VolumeFactory())


def test_a_volume_cannot_be_its_own_chapter_in_the_database():
    volume = VolumeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.filter(pk=volume.pk).update(kind=Kind.CHAPTER, parent=volume)


def test_a_volume_with_chapters_keeps_its_kind():
    chapter = ChapterFactory()
    volume = chapter.parent
    volume.kind = Kind.BOOK
    assert _errors(volume)["kind"] == [
        "This volume has chapters; move or delete them before changing its kind."
    ]


def test_a_volume_with_chapters_cannot_be_deleted():
    chapter = ChapterFactory()
    with pytest.raises(ProtectedError):
        chapter.parent.delete()
    assert Publication.objects.count() == 2


# Reviews ------------------------------------------------------------------------------


def test_a_review_points_at_the_work_and_the_work_lists_its_reviews():
    volume = VolumeFactory()
    review = ReviewFactory(reviewed_work=volume)
    review.full_clean()
    assert list(volume.reviews.all()) == [review]


def test_a_review_needs_a_work_and_cannot_review_itself():
    errors = _errors(PublicationFactory.build(kind=Kind.BOOK_REVIEW, reviewed_work=None))
    assert errors["reviewed_work"] == ["A book review needs the work it reviews."]
    review = ReviewFactory()
    review.reviewed_work = review
    assert _errors(review)["reviewed_work"] == ["A review cannot review itself."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.filter(pk=review.pk).update(reviewed_work=review)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(kind=Kind.BOOK_REVIEW, reviewed_work=None)


def test_only_reviews_have_a_reviewed_work():
    errors = _errors(PublicationFactory.build(kind=Kind.BOOK, reviewed_work=PublicationFactory()))
    assert errors["reviewed_work"] == [
        "Only book reviews have a reviewed work: choose the kind “Book review” or clear it."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(kind=Kind.BOOK, reviewed_work=PublicationFactory())


def test_a_reviewed_work_cannot_be_deleted_while_reviews_point_at_it():
    review = ReviewFactory()
    with pytest.raises(ProtectedError):
        review.reviewed_work.delete()


# Contributions ------------------------------------------------------------------------


def test_contributors_are_grouped_by_role_in_order():
    book = PublicationFactory()
    first = ContributionFactory(
        publication=book, person__given_name="Ruslan", person__family_name="Karimov", order=1
    )
    second = ContributionFactory(
        publication=book, person__given_name="Marat", person__family_name="Ganiev", order=2
    )
    editor = ContributionFactory(publication=book, role=Role.EDITOR, order=3)
    book = Publication.objects.with_contributors().get()
    assert book.contributors_by_role() == [
        ("Authors", [first.person, second.person]),
        ("Editor", [editor.person]),
    ]
    assert book.creators == [first.person, second.person]


def test_an_edited_volume_is_credited_to_its_editors_and_a_review_to_its_reviewer():
    editor = ContributionFactory(publication=VolumeFactory(), role=Role.EDITOR)
    reviewer = ContributionFactory(publication=ReviewFactory(), role=Role.REVIEWER)
    assert Publication.objects.with_contributors().get(pk=editor.publication.pk).creators == [editor.person]
    assert Publication.objects.with_contributors().get(pk=reviewer.publication.pk).creators == [
        reviewer.person
    ]


def test_a_person_is_listed_once_per_role():
    contribution = ContributionFactory()
    ContributionFactory(
        publication=contribution.publication, person=contribution.person, role=Role.TRANSLATOR
    )
    duplicate = Contribution(
        publication=contribution.publication, person=contribution.person, role=Role.AUTHOR
    )
    with pytest.raises(ValidationError, match="already listed in this role"):
        duplicate.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_deleting_a_publication_removes_its_contributions_but_never_a_person():
    contribution = ContributionFactory()
    with pytest.raises(ProtectedError):
        contribution.person.delete()
    contribution.publication.delete()
    assert not Contribution.objects.exists()
    assert contribution.person.__class__.objects.filter(pk=contribution.person.pk).exists()


def test_a_publisher_in_use_cannot_be_deleted():
    publication = PublicationFactory(publisher=OrganizationFactory())
    with pytest.raises(ProtectedError):
        publication.publisher.delete()


def test_works_of_a_person_are_grouped_by_role_without_drafts():
    person = PersonFactory()
    reviewed = ContributionFactory(
        person=person, role=Role.REVIEWER, publication=ReviewFactory(title="On a book")
    )
    edited = ContributionFactory(person=person, role=Role.EDITOR, publication=VolumeFactory(title="A volume"))
    old = ContributionFactory(
        person=person, publication=PublicationFactory(title="Old", published_on=datetime.date(2019, 1, 1))
    )
    new = ContributionFactory(
        person=person, publication=PublicationFactory(title="New", published_on=datetime.date(2024, 1, 1))
    )
    ContributionFactory(person=person, publication=PublicationFactory(title="Draft", status=Status.DRAFT))
    works = list(Contribution.objects.works_of(person))
    assert works == [new, old, edited, reviewed]
    assert [w.role_heading for w in works] == ["As author", "As author", "As editor", "Reviews"]


# Lists --------------------------------------------------------------------------------


def test_list_helpers_filter_by_kind_topic_year_language_and_organization():
    topic = TopicFactory(name="Energy")
    cds = OrganizationFactory()
    article = PublicationFactory(
        kind=Kind.RESEARCH_ARTICLE,
        outlet=cds,
        language="en",
        published_on=datetime.date(2025, 6, 23),
    )
    article.topics.add(topic)
    book = PublicationFactory(publisher=cds, language="ru", published_on=datetime.date(2019, 1, 1))
    chapter = ChapterFactory()
    assert set(Publication.objects.works()) == {article, book, chapter.parent}
    assert list(Publication.objects.of_kind(Kind.RESEARCH_ARTICLE)) == [article]
    assert list(Publication.objects.about(topic)) == [article]
    assert list(Publication.objects.in_language("ru")) == [book]
    assert set(Publication.objects.from_organization(cds)) == {article, book}
    assert Publication.objects.years() == [2025, 2019]
    assert Publication.objects.languages() == ["en", "ru"]


def test_publications_are_listed_newest_first_and_undated_last():
    undated = PublicationFactory(title="Undated")
    old = PublicationFactory(published_on=datetime.date(2019, 1, 1))
    new = PublicationFactory(published_on=datetime.date(2025, 1, 1))
    assert list(Publication.objects.all()) == [new, old, undated]


# Text and files -----------------------------------------------------------------------


def test_slug_is_made_from_the_title_and_kept_unique():
    assert PublicationFactory(title="Echoes of Empire").slug == "echoes-of-empire"
    assert PublicationFactory(title="Echoes of Empire").slug == "echoes-of-empire-2"


def test_a_supplied_title_is_shown_in_brackets():
    chapter = ChapterFactory(title="Policy recommendations", title_is_supplied=True)
    assert str(chapter) == "[Policy recommendations]"
    book = PublicationFactory(title="Echoes of Empire", subtitle="Russia-Pakistan Cultural Realignment")
    assert str(book) == "Echoes of Empire: Russia-Pakistan Cultural Realignment"


def test_body_is_sanitized_on_every_save():
    publication = PublicationFactory(
        body='<h2>Defence</h2><p onclick="x()">Drills<script>alert(1)</script></p><a href="javascript:x()">l</a>'
    )
    publication.refresh_from_db()
    assert publication.body == "<h2>Defence</h2><p>Drills</p><a>l</a>"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_real_pdf_is_accepted():
    publication = PublicationFactory.build(
        pdf=SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf")
    )
    publication.full_clean()


def test_a_fake_pdf_is_rejected():
    fake = SimpleUploadedFile("paper.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    errors = _errors(PublicationFactory.build(pdf=fake))
    assert errors["pdf"] == ["The file is not a PDF document."]


def test_a_pdf_under_another_name_is_rejected():
    disguised = SimpleUploadedFile("paper.exe", PDF, content_type="application/pdf")
    assert "File extension “exe” is not allowed" in _errors(PublicationFactory.build(pdf=disguised))["pdf"][0]


def test_an_oversized_pdf_is_rejected(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 10
    upload = SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf")
    assert "the limit is" in _errors(PublicationFactory.build(pdf=upload))["pdf"][0]


def test_cards_show_from_for_cards_alone(django_assert_num_queries):
    """Every card of a list read with ``for_cards()``: the same HTML as from the whole rows,
    and not one query of its own for a column it left out."""
    volume = VolumeFactory(title="Eurasian Crossroads", publisher=OrganizationFactory(name="Oxford UP"))
    ContributionFactory(publication=volume, role=Contribution.Role.EDITOR, person__family_name="Valeeva")
    ChapterFactory(parent=volume, title="Energy corridors")
    ReviewFactory(reviewed_work=volume, outlet_name="Strategic Studies")
    PublicationFactory(title="With an outlet", outlet=OrganizationFactory(name="Dawn"))
    template = get_template("publications/_publication_card.html")
    whole = [template.render({"publication": p}) for p in Publication.objects.for_list().order_by("pk")]
    cards = list(Publication.objects.for_cards().order_by("pk"))
    with django_assert_num_queries(0):
        assert [template.render({"publication": p}) for p in cards] == whole
    assert "In <a" in whole[1] and "Review of <a" in whole[2] and "Valeeva (editor)" in whole[0]


def test_with_details_reads_a_volume_or_reviewed_work_only_when_there_is_one(django_assert_num_queries):
    """The publication's own query joins its publisher and outlet and nothing else; the
    volume of a chapter and the work a review reviews come, with their publishers, outlets
    and contributors, by queries that a book with neither does not run."""
    volume = VolumeFactory(publisher=OrganizationFactory(name="Oxford UP"), outlet=OrganizationFactory())
    ContributionFactory(publication=volume, role=Contribution.Role.EDITOR, person__family_name="Valeeva")
    chapter = ChapterFactory(parent=volume)
    review = ReviewFactory(reviewed_work=volume)
    book = PublicationFactory(publisher=OrganizationFactory())

    # The book, its contributions, topics, chapters and reviews.
    with django_assert_num_queries(5) as captured:
        loaded = Publication.objects.with_details().get(pk=book.pk)
        assert loaded.parent is None and loaded.reviewed_work is None
    assert captured.captured_queries[0]["sql"].count("JOIN") == 2

    for record, link in ((chapter, "parent"), (review, "reviewed_work")):
        # ... and the linked work with its publisher and outlet, then its contributions.
        with django_assert_num_queries(7):
            loaded = Publication.objects.with_details().get(pk=record.pk)
            linked = getattr(loaded, link)
            assert linked == volume
            assert linked.publisher.name == "Oxford UP" and linked.outlet == volume.outlet
            assert [person.family_name for person in linked.editors] == ["Valeeva"]
