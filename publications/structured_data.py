"""schema.org JSON-LD for a publication page: Book, Chapter, ScholarlyArticle, Report,
OpinionNewsArticle or Review (with ``itemReviewed``).

Built from a publication loaded with ``Publication.objects.with_details()``; rendered with
``{% json_ld data %}``.
"""

from __future__ import annotations

from people.models import Organization, Person

from .citations import absolute_url, container, dated, public_url
from .models import Contribution, Publication

Kind = Publication.Kind
Role = Contribution.Role

SCHEMA_TYPES = {
    Kind.BOOK: "Book",
    Kind.EDITED_VOLUME: "Book",
    Kind.CHAPTER: "Chapter",
    Kind.JOURNAL_ARTICLE: "ScholarlyArticle",
    Kind.RESEARCH_ARTICLE: "ScholarlyArticle",
    Kind.POLICY_PAPER: "Report",
    Kind.REPORT: "Report",
    Kind.OP_ED: "OpinionNewsArticle",
    Kind.BOOK_REVIEW: "Review",
}
ARTICLE_TYPES = {"ScholarlyArticle", "OpinionNewsArticle", "Report"}
ROLE_PROPERTIES = {
    Role.AUTHOR: "author",
    Role.EDITOR: "editor",
    Role.CONTRIBUTOR: "contributor",
    Role.TRANSLATOR: "translator",
    # The writer of a review is its author in schema.org terms.
    Role.REVIEWER: "author",
}


def person_data(person: Person) -> dict:
    data = {"@type": "Person", "name": person.full_name}
    if person.family_name:
        data["familyName"] = person.family_name
    if person.given_name:
        data["givenName"] = person.given_name
    if person.is_published:
        data["url"] = public_url(person)
    return data


def organization_data(organization: Organization | None, name: str) -> dict | None:
    if organization is not None:
        data = {"@type": "Organization", "name": organization.name}
        if organization.is_published:
            data["url"] = public_url(organization)
        return data
    return {"@type": "Organization", "name": name} if name else None


def people_data(publication: Publication) -> dict:
    """{"author": [...], "editor": [...]} from the contributions, in order."""
    data: dict[str, list] = {}
    for contribution in publication.contributions.all():
        data.setdefault(ROLE_PROPERTIES[contribution.role], []).append(person_data(contribution.person))
    return data


def work_summary(publication: Publication) -> dict:
    """A related work as it appears inside another's data (a volume, a reviewed book)."""
    data = {
        "@type": SCHEMA_TYPES[publication.kind],
        "name": publication.display_title,
        "url": public_url(publication),
    }
    data |= people_data(publication)
    if publication.isbn:
        data["isbn"] = publication.isbn
    if publication.date_iso:
        data["datePublished"] = publication.date_iso
    return data


def publication_json_ld(publication: Publication) -> dict:
    url = public_url(publication)
    schema_type = SCHEMA_TYPES[publication.kind]
    data: dict = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": url,
        "url": url,
        "name": publication.display_title,
        "inLanguage": publication.language,
    }
    if schema_type in ARTICLE_TYPES:
        data["headline"] = publication.display_title
    if publication.subtitle:
        data["alternativeHeadline"] = publication.subtitle
    data |= people_data(publication)
    if date := dated(publication).date_iso:
        data["datePublished"] = date
    if publication.abstract:
        data["abstract"] = publication.abstract
    if publication.isbn:
        data["isbn"] = publication.isbn
    if publication.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": publication.doi}
        data["sameAs"] = publication.doi_url
    publisher = organization_data(publication.publisher, publication.publisher_name)
    outlet = organization_data(publication.outlet, "") if publication.outlet else None
    if publisher or outlet:
        # An institution's website that carries an article is its publisher.
        data["publisher"] = publisher or outlet
    if publication.outlet_name:
        data["isPartOf"] = {"@type": "Periodical", "name": publication.outlet_name}
    if publication.pages:
        data["pagination"] = publication.pages
    if publication.cover:
        data["image"] = absolute_url(publication.cover_large.url)
    if publication.pdf:
        data["associatedMedia"] = {
            "@type": "MediaObject",
            "contentUrl": absolute_url(publication.pdf.url),
            "encodingFormat": "application/pdf",
        }
    if topics := [topic.name for topic in publication.topics.all()]:
        data["keywords"] = ", ".join(topics)

    if parent := container(publication):
        data["isPartOf"] = work_summary(parent)
        data["position"] = publication.order
    chapters = getattr(publication, "published_chapters", [])
    if publication.kind == Kind.EDITED_VOLUME and chapters:
        data["hasPart"] = [work_summary(chapter) | {"position": chapter.order} for chapter in chapters]
    if publication.kind == Kind.BOOK_REVIEW and (work := publication.public_reviewed_work):
        data["itemReviewed"] = work_summary(work)
    return data
