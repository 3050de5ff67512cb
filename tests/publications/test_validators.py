import pytest
from django.core.exceptions import ValidationError

from publications.validators import format_isbn, normalize_doi, normalize_isbn, validate_doi, validate_isbn


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("978-0-306-40615-7", "9780306406157"),
        ("9780306406157", "9780306406157"),
        ("ISBN 978-0-306-40615-7", "9780306406157"),
        ("ISBN-13: 978 0 306 40615 7", "9780306406157"),
        ("0-306-40615-2", "9780306406157"),
        ("ISBN-10: 0306406152", "9780306406157"),
        ("0-8044-2957-X", "9780804429573"),
        ("0-8044-2957-x", "9780804429573"),
        ("979-10-90636-07-1", "9791090636071"),
    ],
)
def test_valid_isbns_are_stored_as_thirteen_digits(typed, stored):
    assert normalize_isbn(typed) == stored
    validate_isbn(stored)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("978-0-306-40615-8", "wrong check digit"),
        ("0-306-40615-3", "wrong check digit"),
        ("979-10-90636-07-2", "wrong check digit"),
        ("12345", "10 or 13 digits"),
        ("978030640615", "10 or 13 digits"),
        ("978-0-306-4O615-7", "Enter an ISBN as printed"),
        ("977-0306-40615-8", "starts with 978 or 979"),
    ],
)
def test_invalid_isbns_are_rejected_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        validate_isbn(normalize_isbn(typed))


def test_isbn_is_displayed_with_hyphens():
    assert format_isbn("9780306406157") == "978-0-306-40615-7"
    assert format_isbn("9791090636071") == "979-10-90636-07-1"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("10.1093/ajae/aaq063", "10.1093/ajae/aaq063"),
        ("https://doi.org/10.1093/ajae/aaq063", "10.1093/ajae/aaq063"),
        ("http://dx.doi.org/10.1093/ajae/aaq063", "10.1093/ajae/aaq063"),
        ("doi:10.1000/182", "10.1000/182"),
        ("DOI: 10.1000/182", "10.1000/182"),
        ("https://doi.org/10.1002/(SICI)1097-4571%28199806%2949", "10.1002/(SICI)1097-4571(199806)49"),
        ("  10.5555/12345678  ", "10.5555/12345678"),
    ],
)
def test_dois_are_stored_bare(typed, stored):
    assert normalize_doi(typed) == stored
    validate_doi(stored)


@pytest.mark.parametrize(
    "typed",
    [
        "11.1093/ajae/aaq063",
        "10.10/x",
        "10.1093",
        "10.1093/",
        "10.1093/has space",
        "https://example.org/10.1000/1",
    ],
)
def test_invalid_dois_are_rejected_with_a_clear_message(typed):
    with pytest.raises(ValidationError, match=r"Enter a DOI such as 10\.1000/xyz123"):
        validate_doi(normalize_doi(typed))
