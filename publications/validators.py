"""ISBN and DOI: normalizers and validators, pure functions.

Normalizers accept what editors paste (hyphens, spaces, an "ISBN" label, a doi.org URL)
and return the stored form; they never raise, so the validator that runs next can give
a clear message about what is wrong.
"""

import re
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumValidationError

ISBN_LABEL = re.compile(r"^\s*isbn(?:-1[03])?\s*:?\s*", re.IGNORECASE)
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*)", re.IGNORECASE)


def normalize_isbn(value: str) -> str:
    """The 13 digits of a valid ISBN-10 or ISBN-13 (``9780306406157``); anything else
    comes back compacted but otherwise untouched."""
    compact = stdnum_isbn.compact(ISBN_LABEL.sub("", value))
    if stdnum_isbn.is_valid(compact):
        return stdnum_isbn.to_isbn13(compact)
    return compact


def format_isbn(value: str) -> str:
    """The hyphenated form for display and citations (``978-0-306-40615-7``)."""
    return stdnum_isbn.format(value) if stdnum_isbn.is_valid(value) else value


def validate_isbn(value: str) -> None:
    compact = stdnum_isbn.compact(ISBN_LABEL.sub("", value))
    try:
        stdnum_isbn.validate(compact)
    except InvalidChecksum:
        raise ValidationError(
            _("This ISBN has a wrong check digit; please copy it again from the book or the publisher."),
            code="invalid_isbn_checksum",
        ) from None
    except InvalidLength:
        raise ValidationError(
            _("An ISBN has 10 or 13 digits (the last digit of an ISBN-10 may be X)."),
            code="invalid_isbn_length",
        ) from None
    except InvalidComponent:
        raise ValidationError(
            _("A 13-digit ISBN starts with 978 or 979."), code="invalid_isbn_prefix"
        ) from None
    except StdnumValidationError:
        raise ValidationError(
            _("Enter an ISBN as printed in the book, e.g. 978-0-306-40615-7."),
            code="invalid_isbn_format",
        ) from None


def normalize_doi(value: str) -> str:
    """The bare DOI (``10.1000/xyz123``) from itself, a ``doi:`` label or a doi.org URL."""
    value = value.strip()
    if DOI_PREFIXES.match(value):
        value = unquote(DOI_PREFIXES.sub("", value))
    return value


def validate_doi(value: str) -> None:
    if not DOI_PATTERN.match(value):
        raise ValidationError(
            _("Enter a DOI such as 10.1000/xyz123 or https://doi.org/10.1000/xyz123."),
            code="invalid_doi",
        )
