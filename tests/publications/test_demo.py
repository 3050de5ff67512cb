import datetime

import pytest
from django.core.management import call_command

from publications.demo import CHAPTERS
from publications.models import Contribution, Publication

pytestmark = pytest.mark.django_db

Kind = Publication.Kind


def _counts():
    return Publication.objects.count(), Contribution.objects.count()


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def _contributors(publication):
    return [(c.person.slug, c.role) for c in publication.contributions.all()]


def test_loading_the_demo_twice_changes_nothing(demo):
    first = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == first == (1 + 3 + 13 + 1 + 1, 19)


def test_the_three_titled_books_of_seed_000_each_by_its_scholar(demo):
    books = Publication.objects.of_kind(Kind.BOOK).order_by("title")
    assert [(b.full_title, _contributors(b)) for b in books] == [
        (
            "Crescent in the Bear’s Shadow: Cultural Diplomacy and Strategic Hedging between Pakistan and Russia",
            [("ruslan-karimov", "author")],
        ),
        (
            "Echoes of Empire: Russia-Pakistan Cultural Realignment in the Shadow of the Karabakh Conflict",
            [("marat-ganiev", "author")],
        ),
        (
            "Fractured Alignments: Cultural Thaw between Russia, Azerbaijan and Pakistan",
            [("amina-valeeva", "author")],
        ),
    ]
    # Seed 000 names no book by Dr. Khayrullina, so none is invented.
    assert not Contribution.objects.filter(person__slug="zuleikha-khayrullina").exists()
    assert all(b.published_on is None and b.isbn == "" for b in books)


def test_the_edited_volume_of_seed_001_with_its_sections_and_every_contributor(demo):
    volume = Publication.objects.get(slug="pakistan-russia-relations")
    assert volume.kind == Kind.EDITED_VOLUME
    assert (
        volume.full_title == "Pakistan – Russia Relations: A Comprehensive Historical and Strategic Analysis"
    )
    assert _contributors(volume) == [("neelum-nigar", "editor")]
    chapters = list(volume.chapters.order_by("order"))
    assert [c.section for c in chapters] == [
        "Section I: Historical foundations",
        "Section I: Historical foundations",
        "Section II: Strategic and security cooperation",
        "Section II: Strategic and security cooperation",
        "Section II: Strategic and security cooperation",
        "Section III: Economic, energy and technological cooperation",
        "Section III: Economic, energy and technological cooperation",
        "Section III: Economic, energy and technological cooperation",
        "Section III: Economic, energy and technological cooperation",
        "Section III: Economic, energy and technological cooperation",
        "Section IV: Societal ties and multilateral frameworks",
        "Section IV: Societal ties and multilateral frameworks",
        "Section IV: Societal ties and multilateral frameworks",
    ]
    assert [_contributors(c) for c in chapters] == [[(slug, "author")] for slug, *_ in CHAPTERS]
    assert [c.order for c in chapters] == list(range(1, 14))
    assert all(c.title_is_supplied and c.is_published for c in chapters)
    assert [slug for slug, *_ in CHAPTERS] == [
        "qazi-khalilullah",
        "olga-kharina",
        "shabir-ahmad-khan",
        "nikolai-plotnikov",
        "khurram-iqbal",
        "ashfaque-hasan-khan",
        "afia-malik",
        "taimur-fahad-khan",
        "daria-saprynskaya",
        "adam-saud",
        "irina-serenko",
        "saira-abbasi",
        "natalia-melekhina",
    ]


def test_the_review_of_the_volume_with_its_reviewer(demo):
    review = Publication.objects.get(slug="pakistan-russia-relations-review")
    assert review.kind == Kind.BOOK_REVIEW
    assert review.reviewed_work.slug == "pakistan-russia-relations"
    assert _contributors(review) == [("muhammad-taimur-khan", "reviewer")]
    assert (review.published_on, review.date_display) == (datetime.date(2025, 12, 21), "21 December 2025")
    assert list(review.reviewed_work.reviews.all()) == [review]


def test_the_article_of_seed_004_with_its_author_outlet_and_disclaimer(demo):
    article = Publication.objects.get(slug="forging-new-bonds")
    assert article.kind == Kind.RESEARCH_ARTICLE
    assert article.full_title == "Forging New Bonds: Pakistan and Russia in a Multipolar World"
    assert _contributors(article) == [("nuzhat-nazar", "author")]
    assert article.outlet.slug == "cds"
    assert (article.published_on, article.language) == (datetime.date(2025, 6, 23), "en")
    assert article.disclaimer.startswith("The views and opinions expressed herein")
    assert article.body.count("<h2>") == 9
    assert set(article.topics.values_list("slug", flat=True)) >= {"geopolitics", "defence", "energy"}


def test_demo_publications_are_public_and_citable(demo, client):
    for slug in ("pakistan-russia-relations", "forging-new-bonds", "pakistan-russia-relations-review"):
        assert client.get(f"/publications/{slug}/").status_code == 200
        assert client.get(f"/publications/{slug}/cite.bib").status_code == 200
