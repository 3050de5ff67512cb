import datetime
import unicodedata

import pytest

from pakrus_site import search as search_module
from pakrus_site.models import SearchEntry, Status
from pakrus_site.search import highlight, normalize, query_terms, rebuild_index, search
from tests.events.factories import KARACHI, AgreementFactory, EventFactory
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def _titles(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [entry.title for entry in response.context.get("results", [])]


@pytest.fixture(params=["sorted_in_one_query", "read_tier_by_tier"])
def ordering(request, monkeypatch):
    """Results come in the same order whether a query has few matches, sorted in one
    query, or many, read tier by tier."""
    if request.param == "read_tier_by_tier":
        monkeypatch.setattr(search_module, "SORT_ALL_UP_TO", 0)


def _event(title, *, year, summary="", body=""):
    return EventFactory(
        title=title,
        summary=summary,
        body=f"<p>{body}</p>" if body else "",
        starts_at=datetime.datetime(year, 5, 1, 10, 0, tzinfo=KARACHI),
    )


def test_saving_a_record_indexes_it_and_deleting_it_removes_it():
    person = PersonFactory(given_name="Gleb", family_name="Makarevich")
    assert SearchEntry.objects.get().title == "Gleb Makarevich"
    person.delete()
    assert not SearchEntry.objects.exists()


def test_search_finds_people_and_organizations_in_one_list(client, ordering):
    OrganizationFactory(name="Kazan-Multan Cultural Studies Centre", short_name="KMCSC")
    PersonFactory(
        given_name="Ilsur", family_name="", bio="Teaches international relations at Kazan University."
    )
    assert _titles(client, "kazan") == ["Kazan-Multan Cultural Studies Centre (KMCSC)", "Ilsur"]


def test_title_matches_rank_above_body_matches(client, ordering):
    PersonFactory(given_name="Anna", family_name="Writer", bio="Writes about energy.")
    OrganizationFactory(name="Energy Institute")
    assert _titles(client, "energy") == ["Energy Institute", "Anna Writer"]


def test_results_come_in_tiers_title_then_summary_then_body_newest_first_in_each(client, ordering):
    _event("Seminar on rivers", year=2025, body="Glacier melt and the Indus.")
    _event("Round table", year=2019, summary="Glacier monitoring in the Pamirs.")
    _event("Field school", year=2024, summary="Glacier lakes and floods.")
    _event("Glacier science in Gilgit", year=2018)
    _event("Glaciers of the Karakoram", year=2023, body="Glacier again and again, glacier.")
    expected = [
        "Glaciers of the Karakoram",
        "Glacier science in Gilgit",
        "Field school",
        "Round table",
        "Seminar on rivers",
    ]
    assert _titles(client, "glacier") == expected
    assert _titles(client, "glac") == expected


def test_a_tier_needs_every_word_in_its_fields(client, ordering):
    _event("Glacier and water security", year=2015)
    _event("Glacier lakes", year=2024, summary="Water security downstream.")
    _event("Glacier hazards", year=2025, body="Water security in Hunza.")
    _event("Rivers", year=2025, summary="Glacier melt.", body="Water security.")
    _event("Workshop", year=2012, summary="Glacier water for farms.")
    assert _titles(client, "glacier water") == [
        "Glacier and water security",
        "Glacier lakes",
        "Workshop",
        "Glacier hazards",
        "Rivers",
    ]


def test_ties_in_a_tier_go_newest_first_then_undated_then_by_creation(client, ordering):
    OrganizationFactory(name="Zarafshan Institute")
    _event("Zarafshan valley day", year=2020)
    OrganizationFactory(name="Zarafshan Society")
    _event("Zarafshan workshop", year=2020)
    _event("Zarafshan conference", year=2022)
    assert _titles(client, "zarafshan") == [
        "Zarafshan conference",
        "Zarafshan valley day",
        "Zarafshan workshop",
        "Zarafshan Institute",
        "Zarafshan Society",
    ]


@pytest.mark.parametrize("known_total", [False, True])
def test_any_page_of_results_is_the_same_part_of_the_whole_list(known_total, ordering):
    """Pages that start or end inside a tier, span tiers, or start after a whole tier."""
    _event("Glacier one", year=2020)
    _event("Glacier two", year=2021)
    _event("Summit", year=2022, summary="Glacier.")
    for year in (2010, 2011, 2012):
        _event(f"Talk {year}", year=year, body="A glacier.")
    whole = [entry.title for entry in search("glacier")[0:100]]
    assert whole == ["Glacier two", "Glacier one", "Summit", "Talk 2012", "Talk 2011", "Talk 2010"]
    for start in range(len(whole) + 1):
        for stop in range(start + 1, len(whole) + 3):
            results = search("glacier", total=len(whole) if known_total else None)
            assert [entry.title for entry in results[start:stop]] == whole[start:stop]
    assert search("glacier").count() == len(whole)


def test_drafts_are_left_out_of_every_tier(client, ordering):
    EventFactory(title="Glacier secret", status=Status.DRAFT)
    EventFactory(title="Talk", summary="Glacier secrets.", status=Status.DRAFT)
    EventFactory(title="Seminar", body="<p>Glacier secrets.</p>", status=Status.DRAFT)
    _event("Talk on ice", year=2010, body="Glacier.")
    response = client.get("/search/", {"q": "glacier"})
    assert [entry.title for entry in response.context["results"]] == ["Talk on ice"]
    assert response.context["counts"] == {"event": 1}


def test_type_filter_keeps_the_order_of_the_tiers(client, ordering):
    _event("Talk", year=2025, body="Glacier.")
    _event("Glacier talk", year=2010)
    OrganizationFactory(name="Glacier Institute")
    assert _titles(client, "glacier", type="event") == ["Glacier talk", "Talk"]
    assert _titles(client, "glacier", type="organization") == ["Glacier Institute"]
    assert _titles(client, "glacier", type="agreement") == []


def test_prefix_matching_finds_the_start_of_a_word(client):
    OrganizationFactory(name="Kazan-Multan Cultural Studies Centre")
    assert _titles(client, "Kaz") == ["Kazan-Multan Cultural Studies Centre"]
    assert _titles(client, "Multan") == ["Kazan-Multan Cultural Studies Centre"]


def test_cyrillic_names_are_searchable(client):
    PersonFactory(given_name="Ruslan", family_name="Karimov", native_name="Руслан Каримов")
    assert _titles(client, "Каримов") == ["Ruslan Karimov Руслан Каримов"]
    assert _titles(client, "каримов") == ["Ruslan Karimov Руслан Каримов"]


def test_accents_are_folded(client):
    PersonFactory(given_name="Zoë", family_name="Müller")
    assert _titles(client, "zoe muller") == ["Zoë Müller"]


def test_every_word_must_match(client):
    PersonFactory(given_name="Ali", family_name="Shah")
    PersonFactory(given_name="Ali", family_name="Kazmi")
    assert _titles(client, "ali shah") == ["Ali Shah"]


def test_drafts_never_appear_in_search(client):
    PersonFactory(given_name="Secret", family_name="Draft", status=Status.DRAFT)
    assert _titles(client, "secret") == []


def test_publishing_a_draft_makes_it_searchable(client):
    person = PersonFactory(given_name="Secret", family_name="Draft", status=Status.DRAFT)
    person.status = Status.PUBLISHED
    person.save()
    assert _titles(client, "secret") == ["Secret Draft"]


def test_type_filter_and_counts(client):
    OrganizationFactory(name="Kazan University")
    PersonFactory(given_name="Kazan", family_name="Person")
    response = client.get("/search/", {"q": "kazan", "type": "organization"})
    assert [e.title for e in response.context["results"]] == ["Kazan University"]
    assert response.context["counts"] == {"organization": 1, "person": 1}


def test_results_highlight_the_query_and_escape_content(client):
    PersonFactory(given_name="Kazan", family_name="<script>alert(1)</script>")
    html = client.get("/search/", {"q": "kazan"}).content.decode()
    assert "<mark>Kazan</mark>" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("query", ["", "   ", "!!!", "%00", "' OR 1=1 --", "a" * 5000, "*:* & | !"])
def test_empty_or_absurd_queries_give_a_friendly_page(client, query):
    PersonFactory(given_name="Ali", family_name="Shah")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_search_paginates(client, ordering):
    for n in range(25):
        PersonFactory(given_name=f"Energy{n}", family_name="Scholar")
    first = client.get("/search/", {"q": "scholar"})
    assert len(first.context["results"]) == 20
    assert len(client.get("/search/", {"q": "scholar", "page": 2}).context["results"]) == 5


@pytest.mark.parametrize("count", [1, 3])
def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count, ordering):
    for _ in range(count):
        PersonFactory(family_name="Scholar")
    with django_assert_max_num_queries(4):
        response = client.get("/search/", {"q": "scholar"})
    assert response.status_code == 200
    assert len(response.context["results"]) == count


def test_positions_saved_after_the_person_are_searchable_once_reindexed(client):
    affiliation = AffiliationFactory(person__family_name="Kazmi", position="Senior Policy Analyst")
    rebuild_index()
    entry = SearchEntry.objects.get(object_id=affiliation.person.pk, kind="person")
    assert "Senior Policy Analyst" in entry.summary


def test_normalize_and_terms():
    assert normalize("Zoë MÜLLER") == "zoe muller"
    assert query_terms("Kazan-Multan, 2025!") == ["kazan", "multan", "2025"]
    assert len(query_terms("a " * 100)) == 8


def _drop_marks_one_by_one(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_normalize_drops_every_combining_mark_as_a_check_of_each_character_would():
    every_letter = "".join(chr(code) for code in range(0x80, 0x10000) if not 0xD800 <= code < 0xE000)
    assert normalize(every_letter) == _drop_marks_one_by_one(every_letter)
    for text in ("Gödel → Москва", "اردو زبانِ", "𝔸lgebra café", "ﬁnance"):
        assert normalize(text) == _drop_marks_one_by_one(text)
    assert normalize("اُردُو") == "اردو"


def test_highlight_marks_each_word_of_the_query_in_titles_with_accents():
    assert str(highlight("Café Kazan — Zoë", "cafe zoe")) == "<mark>Café</mark> Kazan — <mark>Zoë</mark>"


def test_highlight_marks_and_escapes():
    assert (
        str(highlight("Kazan <b>University</b>", "kazan"))
        == "<mark>Kazan</mark> &lt;b&gt;University&lt;/b&gt;"
    )


def test_one_search_covers_events_agreements_and_publications_too(client):
    EventFactory(title="Multan heritage seminar", summary="Sufi shrines of Multan.")
    AgreementFactory(title="Memorandum on Multan studies")
    PublicationFactory(title="Multan and Kazan: two cities", abstract="A comparison.")
    response = client.get("/search/", {"q": "multan"})
    assert {entry.kind for entry in response.context["results"]} == {"event", "agreement", "publication"}
    assert response.context["counts"] == {"event": 1, "agreement": 1, "publication": 1}


def test_a_result_shows_its_date_and_an_undated_one_none(client):
    PublicationFactory(title="Indus waters", published_on=datetime.date(2025, 6, 23))
    PublicationFactory(title="Indus basin", published_on=None)
    html = client.get("/search/", {"q": "indus"}).content.decode()
    assert html.count("<time ") == 1
    assert '<time datetime="2025-06-23">23 June 2025</time>' in html
