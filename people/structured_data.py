"""schema.org JSON-LD for people and organizations: their own pages use the full
records, other pages (events, publications) point at them with the short references."""

from __future__ import annotations

from pakrus_site.countries import country_name
from pakrus_site.social import absolute_media_url, canonical_url, short_description

from .models import Organization, Person

ORGANIZATION_TYPES = {
    Organization.Kind.UNIVERSITY: "CollegeOrUniversity",
    Organization.Kind.THINK_TANK: "ResearchOrganization",
    Organization.Kind.RESEARCH_CENTRE: "ResearchOrganization",
    Organization.Kind.GOVERNMENT: "GovernmentOrganization",
    Organization.Kind.MEDIA: "NewsMediaOrganization",
    Organization.Kind.OTHER: "Organization",
}


def organization_reference(organization: Organization) -> dict:
    """An organization as another record names it; linked only when its page is public."""
    data = {"@type": ORGANIZATION_TYPES.get(organization.kind, "Organization"), "name": organization.name}
    if organization.short_name:
        data["alternateName"] = organization.short_name
    if organization.is_published:
        data["url"] = canonical_url(organization)
    return data


def person_reference(person: Person, *, affiliations=()) -> dict:
    """A person as another record names them; linked only when their page is public."""
    data = {"@type": "Person", "name": person.full_name}
    if person.honorific:
        data["honorificPrefix"] = person.honorific
    if person.is_published:
        data["url"] = canonical_url(person)
    if organizations := [organization_reference(a.organization) for a in affiliations]:
        data["affiliation"] = organizations
    return data


def _address(city: str, country) -> dict | None:
    if not (city or country):
        return None
    address = {"@type": "PostalAddress"}
    if city:
        address["addressLocality"] = city
    if country:
        address["addressCountry"] = country.code
    return address


def person_json_ld(person: Person) -> dict:
    """A profile page's Person, from a person loaded with ``affiliations__organization``."""
    url = canonical_url(person)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": url,
        "url": url,
        "name": person.full_name,
    }
    for key, value in (
        ("honorificPrefix", person.honorific),
        ("givenName", person.given_name),
        ("additionalName", person.patronymic),
        ("familyName", person.family_name),
        ("alternateName", person.native_name),
    ):
        if value:
            data[key] = value
    if person.country:
        data["nationality"] = {"@type": "Country", "name": country_name(person.country)}
    if description := short_description(person.bio):
        data["description"] = description
    if person.photo:
        data["image"] = absolute_media_url(person.photo_portrait.url)
    affiliations = list(person.affiliations.all())
    current = [a for a in affiliations if a.is_current]
    if affiliations:
        seen: dict[int, dict] = {}
        for affiliation in affiliations:
            seen.setdefault(affiliation.organization_id, organization_reference(affiliation.organization))
        data["affiliation"] = list(seen.values())
    if current:
        data["worksFor"] = [organization_reference(a.organization) for a in current]
        if titles := [a.position for a in current if a.position]:
            data["jobTitle"] = titles[0] if len(titles) == 1 else titles
    same_as = []
    if person.orcid:
        same_as.append(f"https://orcid.org/{person.orcid}")
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "ORCID", "value": person.orcid}
    if person.website:
        same_as.append(person.website)
    if same_as:
        data["sameAs"] = same_as
    if topics := [topic.name for topic in person.topics.all()]:
        data["knowsAbout"] = topics
    return data


def organization_json_ld(organization: Organization, *, units=()) -> dict:
    """An organization's page, with its parent (loaded with ``select_related``) and
    its published units."""
    url = canonical_url(organization)
    data: dict = {
        "@context": "https://schema.org",
        **organization_reference(organization),
        "@id": url,
        "url": url,
    }
    if description := short_description(organization.description):
        data["description"] = description
    if address := _address(organization.city, organization.country):
        data["address"] = address
    if organization.website:
        data["sameAs"] = organization.website
    if organization.logo:
        data["logo"] = absolute_media_url(organization.logo_small.url)
    if organization.parent:
        data["parentOrganization"] = organization_reference(organization.parent)
    if units := [organization_reference(unit) for unit in units]:
        data["subOrganization"] = units
    return data
