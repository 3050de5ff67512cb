import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from pakrus_site.addresses import record_address


@pytest.mark.parametrize(
    "view_name",
    [
        "events:event_detail",
        "events:agreement_detail",
        "people:person_detail",
        "people:organization_detail",
        "publications:publication_detail",
        "topic_detail",
    ],
)
def test_record_address_is_what_reverse_gives(view_name):
    for slug in ("energy-dialogue-2025", "a", "Karimov_2", "__slug__"):
        assert record_address(view_name, slug) == reverse(view_name, kwargs={"slug": slug})


def test_a_slug_the_address_cannot_hold_is_refused_as_reverse_refuses_it():
    for slug in ("каримов", "two words", ""):
        with pytest.raises(NoReverseMatch):
            reverse("people:person_detail", kwargs={"slug": slug})
        with pytest.raises(NoReverseMatch):
            record_address("people:person_detail", slug)


def test_record_address_follows_the_script_prefix():
    set_script_prefix("/pakrus/")
    try:
        assert record_address("people:person_detail", "kozin") == "/pakrus/people/kozin/"
    finally:
        clear_script_prefix()
    assert record_address("people:person_detail", "kozin") == "/people/kozin/"
