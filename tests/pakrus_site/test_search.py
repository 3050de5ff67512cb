import pytest

from pakrus_site.models import SearchEntry, Status
from pakrus_site.search import highlight, normalize, query_terms, rebuild_index
from tests.events.factories import AgreementFactory, EventFactory
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def _titles(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [entry.title for entry in response.context.get("results", [])]


def test_saving_a_record_indexes_it_and_deleting_it_removes_it():
    person = PersonFactory(given_name="Gleb", family_name="Makarevich")
    assert SearchEntry.objects.get().title == "Gleb Makarevich"
    person.delete()
    assert not SearchEntry.objects.exists()


def test_search_finds_people_and_organizations_in_one_list(client):
    OrganizationFactory(name="Kazan-Multan Cultural Studies Centre", short_name="KMCSC")
    PersonFactory(
        given_name="Ilsur", family_name="", bio="Teaches international relations at Kazan University."
    )
    assert _titles(client, "kazan") == ["Kazan-Multan Cultural Studies Centre (KMCSC)", "Ilsur"]


def test_title_matches_rank_above_body_matches(client):
    PersonFactory(given_name="Anna", family_name="Writer", bio="Writes about energy.")
    OrganizationFactory(name="Energy Institute")
    assert _titles(client, "energy") == ["Energy Institute", "Anna Writer"]


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


def test_search_paginates(client):
    for n in range(25):
        PersonFactory(given_name=f"Energy{n}", family_name="Scholar")
    first = client.get("/search/", {"q": "scholar"})
    assert len(first.context["results"]) == 20
    assert len(client.get("/search/", {"q": "scholar", "page": 2}).context["results"]) == 5


@pytest.mark.parametrize("count", [1, 3])
def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
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
