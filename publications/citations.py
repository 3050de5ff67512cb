"""A publication as its readers cite it: a formatted reference line, BibTeX, RIS and the
Highwire Press ``citation_*`` meta tags that Zotero and Google Scholar read.

Everything here reads a publication loaded with ``Publication.objects.with_details()``
(or at least ``with_contributors()``), so it runs no queries of its own.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from people.models import Person

from .dates import DatePrecision
from .models import Contribution, Publication

Kind = Publication.Kind
Role = Contribution.Role

PAGE_RANGE = re.compile(r"^\s*(\w+)\s*[-–—]+\s*(\w+)\s*$")

BIBTEX_TYPES = {
    Kind.BOOK: "book",
    Kind.EDITED_VOLUME: "book",
    Kind.CHAPTER: "incollection",
    Kind.JOURNAL_ARTICLE: "article",
    Kind.RESEARCH_ARTICLE: "misc",
    Kind.POLICY_PAPER: "techreport",
    Kind.REPORT: "techreport",
    Kind.OP_ED: "article",
    Kind.BOOK_REVIEW: "article",
}
RIS_TYPES = {
    Kind.BOOK: "BOOK",
    Kind.EDITED_VOLUME: "EDBOOK",
    Kind.CHAPTER: "CHAP",
    Kind.JOURNAL_ARTICLE: "JOUR",
    Kind.RESEARCH_ARTICLE: "ELEC",
    Kind.POLICY_PAPER: "RPRT",
    Kind.REPORT: "RPRT",
    Kind.OP_ED: "NEWS",
    Kind.BOOK_REVIEW: "JOUR",
}
# Kinds whose title is set in italics in a reference line; the others are in quotes.
STANDALONE_KINDS = {Kind.BOOK, Kind.EDITED_VOLUME, Kind.POLICY_PAPER, Kind.REPORT}
# Kinds carried by a journal, newspaper or website (the outlet).
PERIODICAL_KINDS = {Kind.JOURNAL_ARTICLE, Kind.OP_ED, Kind.BOOK_REVIEW, Kind.RESEARCH_ARTICLE}
REPORT_KINDS = {Kind.POLICY_PAPER, Kind.REPORT}


# Names -------------------------------------------------------------------------------


def name_parts(person: Person) -> tuple[str, str]:
    """(family, given) as citations want them; the patronymic goes with the given name,
    honorifics are dropped. A one-name person has only a family part."""
    given = " ".join(part for part in (person.given_name, person.patronymic) if part)
    if person.family_name:
        return person.family_name, given
    return given or person.native_name, ""


def inverted_name(person: Person) -> str:
    family, given = name_parts(person)
    return f"{family}, {given}" if given else family


def natural_name(person: Person) -> str:
    family, given = name_parts(person)
    return f"{given} {family}" if given else family


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return _(" and ").join(names)
    return ", ".join(names[:-1]) + _(", and ") + names[-1]


# Shared facts ------------------------------------------------------------------------


def container(publication: Publication) -> Publication | None:
    """The volume a chapter appears in, when the public may see it."""
    return publication.public_parent if publication.kind == Kind.CHAPTER else None


def publisher_of(publication: Publication) -> str:
    parent = container(publication)
    return publication.publisher_display or (parent.publisher_display if parent else "")


def dated(publication: Publication) -> Publication:
    """Whose date a citation gives: a chapter without its own takes its volume's."""
    parent = container(publication)
    return parent if parent and not publication.published_on else publication


def absolute_url(url: str) -> str:
    """Media URLs are site-relative on local storage and absolute on object storage."""
    return urljoin(settings.SITE_URL + "/", url)


def page_range(pages: str) -> tuple[str, str]:
    match = PAGE_RANGE.match(pages)
    return (match.group(1), match.group(2)) if match else (pages.strip(), "")


def public_url(record) -> str:
    """The canonical address of a record's public page."""
    return settings.SITE_URL + record.get_absolute_url()


def link_of(publication: Publication) -> str:
    """Where a reader finds the text: the original's address, else its page here."""
    return publication.external_url or public_url(publication)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Reference line ----------------------------------------------------------------------


def citation_html(publication: Publication) -> SafeString:
    """A Chicago-style reference, e.g. ``Karimov, Ruslan Ildarovich. <i>Title</i>. 2025.``"""
    sentences: list[SafeString] = []
    creators = publication.creators
    if creators:
        names = [inverted_name(creators[0])] + [natural_name(p) for p in creators[1:]]
        names_text = join_names(names)
        if not publication.authors and publication.editors:
            names_text += ", " + ngettext("ed.", "eds.", len(creators))
        sentences.append(conditional_escape(names_text))

    if publication.kind in STANDALONE_KINDS:
        sentences.append(format_html("<i>{}</i>", publication.display_title))
    else:
        sentences.append(format_html("“{}”", publication.display_title))

    parent = container(publication)
    if parent:
        text = format_html("{} <i>{}</i>", _("In"), parent.display_title)
        if parent.editors:
            text = format_html(
                "{}, {} {}", text, _("edited by"), join_names([natural_name(p) for p in parent.editors])
            )
        if publication.pages:
            text = format_html("{}, {}", text, publication.pages)
        sentences.append(text)

    work = publication.public_reviewed_work
    if publication.kind == Kind.BOOK_REVIEW and work:
        text = format_html("{} <i>{}</i>", _("Review of"), work.display_title)
        if work.authors:
            text = format_html(
                "{}, {} {}", text, _("by"), join_names([natural_name(p) for p in work.authors])
            )
        elif work.editors:
            text = format_html(
                "{}, {} {}", text, _("edited by"), join_names([natural_name(p) for p in work.editors])
            )
        sentences.append(text)

    facts = []
    if publication.kind in PERIODICAL_KINDS and publication.outlet_display:
        facts.append(format_html("<i>{}</i>", publication.outlet_display))
    if publisher := publisher_of(publication):
        facts.append(conditional_escape(publisher))
    if date := dated(publication).date_display:
        facts.append(conditional_escape(date))
    if facts:
        sentences.append(mark_safe(", ".join(facts)))

    if publication.doi:
        sentences.append(format_html('<a href="{0}">{0}</a>', publication.doi_url))

    # "Nigar, Neelum, ed." already ends its sentence.
    return mark_safe("".join(f"{part}{'' if part.endswith('.') else '.'} " for part in sentences).strip())


# BibTeX ------------------------------------------------------------------------------

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(BIBTEX_SPECIALS.get(char, char) for char in _one_line(text))


def bibtex_names(people: list[Person]) -> str:
    names = []
    for person in people:
        family, given = name_parts(person)
        # A one-name person is braced so BibTeX does not split the name.
        names.append(
            f"{bibtex_escape(family)}, {bibtex_escape(given)}" if given else f"{{{bibtex_escape(family)}}}"
        )
    return " and ".join(names)


def citation_key(publication: Publication) -> str:
    """``karimov2025crescent``: first creator, year, first word of the title (ASCII)."""
    creators = publication.creators
    who = slugify(name_parts(creators[0])[0]).replace("-", "") if creators else ""
    words = [w for w in slugify(publication.title).split("-") if w not in {"a", "an", "the"}]
    year = str(publication.published_on.year) if publication.published_on else ""
    return f"{who}{year}{words[0] if words else ''}" or publication.slug.replace("-", "")


def bibtex(publication: Publication) -> str:
    """One BibTeX entry; values are escaped and braced, titles double-braced so styles keep
    their capitalization."""
    fields: list[tuple[str, str]] = []
    parent = container(publication)

    def add(name: str, value: str) -> None:
        if value:
            fields.append((name, f"{{{bibtex_escape(value)}}}"))

    if publication.authors:
        fields.append(("author", f"{{{bibtex_names(publication.authors)}}}"))
    editors = publication.editors or (parent.editors if parent else [])
    if editors:
        fields.append(("editor", f"{{{bibtex_names(editors)}}}"))
    if (reviewers := publication.people_in_role(Role.REVIEWER)) and not publication.authors:
        fields.append(("author", f"{{{bibtex_names(reviewers)}}}"))
    if translators := publication.people_in_role(Role.TRANSLATOR):
        fields.append(("translator", f"{{{bibtex_names(translators)}}}"))
    fields.append(("title", f"{{{{{bibtex_escape(publication.display_title)}}}}}"))
    if parent:
        fields.append(("booktitle", f"{{{{{bibtex_escape(parent.display_title)}}}}}"))

    kind = publication.kind
    if kind in REPORT_KINDS:
        add("institution", publication.publisher_display or publication.outlet_display)
    else:
        add("publisher", publisher_of(publication))
    if kind == Kind.RESEARCH_ARTICLE:
        add("howpublished", publication.outlet_display)
    elif kind in PERIODICAL_KINDS:
        add("journal", publication.outlet_display)

    if (source := dated(publication)).published_on:
        add("year", str(source.published_on.year))
        if source.date_precision != DatePrecision.YEAR:
            add("month", str(source.published_on.month))
        add("date", source.date_iso)
    first, last = page_range(publication.pages)
    add("pages", f"{first}--{last}" if last else first)
    add("isbn", publication.isbn_display or (parent.isbn_display if parent else ""))
    add("doi", publication.doi)
    add("url", link_of(publication))
    with override("en"):
        add("language", str(Publication.Language(publication.language).label))
    work = publication.public_reviewed_work
    if kind == Kind.BOOK_REVIEW and work:
        add("note", _("Review of %(title)s") % {"title": work.full_title})
    add("abstract", publication.abstract)
    add("keywords", ", ".join(topic.name for topic in publication.topics.all()))

    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{BIBTEX_TYPES[kind]}{{{citation_key(publication)},\n{body}\n}}\n"


# RIS ---------------------------------------------------------------------------------


def ris_date(publication: Publication) -> str:
    """RIS dates are ``YYYY/MM/DD/`` with unknown parts left empty."""
    value = publication.published_on
    if publication.date_precision == DatePrecision.YEAR:
        return f"{value.year:04d}///"
    if publication.date_precision == DatePrecision.MONTH:
        return f"{value.year:04d}/{value.month:02d}//"
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}/"


def ris(publication: Publication) -> str:
    """One RIS record. Authors (and reviewers of a review) are ``AU``; the editors of an
    edited volume are its ``AU`` too, as the RIS type EDBOOK wants; a chapter's volume
    editors are ``A2``, translators ``A4``."""
    lines: list[tuple[str, str]] = []
    kind = publication.kind
    parent = container(publication)

    def add(tag: str, value: str) -> None:
        if value:
            lines.append((tag, _one_line(value)))

    lines.append(("TY", RIS_TYPES[kind]))
    primary = publication.authors or publication.people_in_role(Role.REVIEWER)
    if kind == Kind.EDITED_VOLUME and not primary:
        primary = publication.editors
    for person in primary:
        add("AU", inverted_name(person))
    if parent:
        for person in parent.editors:
            add("A2", inverted_name(person))
    elif primary != publication.editors:
        # Zotero reads a book's editors from A3 and every other type's from A2.
        for person in publication.editors:
            add("A3" if kind == Kind.BOOK else "A2", inverted_name(person))
    for person in publication.people_in_role(Role.TRANSLATOR):
        add("A4", inverted_name(person))
    add("TI", publication.display_title)
    if parent:
        add("T2", parent.display_title)
    elif kind in PERIODICAL_KINDS:
        add("T2", publication.outlet_display)
    add("PB", publisher_of(publication) or (publication.outlet_display if kind in REPORT_KINDS else ""))
    if (source := dated(publication)).published_on:
        add("PY", str(source.published_on.year))
        add("DA", ris_date(source))
    first, last = page_range(publication.pages)
    add("SP", first)
    add("EP", last)
    add("SN", publication.isbn_display or (parent.isbn_display if parent else ""))
    add("DO", publication.doi)
    add("UR", link_of(publication))
    add("LA", publication.language)
    add("AB", publication.abstract)
    for topic in publication.topics.all():
        add("KW", topic.name)
    work = publication.public_reviewed_work
    if kind == Kind.BOOK_REVIEW and work:
        add("N1", _("Review of %(title)s") % {"title": work.full_title})
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


# Highwire Press meta tags ------------------------------------------------------------


def highwire_tags(publication: Publication) -> list[tuple[str, str]]:
    """``[(name, content)]`` for ``<meta name=… content=…>``, as Google Scholar's inclusion
    guidelines describe them; Zotero reads the same tags."""
    tags: list[tuple[str, str]] = [("citation_title", publication.display_title)]
    authors = publication.authors or publication.people_in_role(Role.REVIEWER)
    tags += [("citation_author", inverted_name(person)) for person in authors]
    tags += [("citation_editor", inverted_name(person)) for person in publication.editors]
    if (source := dated(publication)).published_on:
        tags.append(("citation_publication_date", source.date_iso.replace("-", "/")))
    kind = publication.kind
    parent = container(publication)
    if parent:
        tags.append(("citation_inbook_title", parent.display_title))
    elif kind in PERIODICAL_KINDS and publication.outlet_display:
        tags.append(("citation_journal_title", publication.outlet_display))
    if kind in REPORT_KINDS and (institution := publication.publisher_display or publication.outlet_display):
        tags.append(("citation_technical_report_institution", institution))
    elif publisher := publisher_of(publication):
        tags.append(("citation_publisher", publisher))
    if isbn := publication.isbn_display or (parent.isbn_display if parent else ""):
        tags.append(("citation_isbn", isbn))
    if publication.doi:
        tags.append(("citation_doi", publication.doi))
    first, last = page_range(publication.pages)
    if last:
        tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    tags.append(("citation_language", publication.language))
    if keywords := "; ".join(topic.name for topic in publication.topics.all()):
        tags.append(("citation_keywords", keywords))
    tags.append(("citation_abstract_html_url", public_url(publication)))
    if publication.pdf:
        tags.append(("citation_pdf_url", absolute_url(publication.pdf.url)))
    return tags
