"""schema.org JSON-LD for event and agreement pages, built from records loaded with
``for_detail()`` so it runs no queries of its own."""

from __future__ import annotations

from pakrus_site.countries import country_name
from pakrus_site.social import absolute_media_url, canonical_url, short_description
from people.structured_data import organization_reference, person_reference

from .models import Agreement, Event

SCHEMA = "https://schema.org"


def _place(name: str, city: str, country) -> dict:
    place: dict = {
        "@type": "Place",
        "name": name or ", ".join(p for p in (city, country_name(country)) if p),
    }
    address = {"@type": "PostalAddress"}
    if city:
        address["addressLocality"] = city
    if country:
        address["addressCountry"] = country.code
    if len(address) > 1:
        place["address"] = address
    return place


def event_json_ld(event: Event) -> dict:
    """An Event in its own time zone (ISO 8601 with the offset), with where it happens
    (a Place, a VirtualLocation or both), who organized it and who spoke."""
    url = canonical_url(event)
    data: dict = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.title,
        "eventStatus": f"{SCHEMA}/EventScheduled",
    }
    if description := short_description(event.summary, event.body):
        data["description"] = description
    if event.starts_at:
        data["startDate"] = event.local_starts_at.isoformat()
    if event.ends_at:
        data["endDate"] = event.local_ends_at.isoformat()
    locations = []
    if event.venue:
        locations.append(_place(event.venue_name, event.city, event.country))
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
        mode = "Mixed" if len(locations) > 1 else ("Online" if event.online_url else "Offline")
        data["eventAttendanceMode"] = f"{SCHEMA}/{mode}EventAttendanceMode"
    if event.hosts:
        data["organizer"] = [organization_reference(link.organization) for link in event.hosts]
    if event.partners:
        data["contributor"] = [organization_reference(link.organization) for link in event.partners]
    performers: dict[int, dict] = {}
    for participation in event.participations.all():
        person = participation.person
        performers.setdefault(
            person.pk,
            person_reference(person, affiliations=getattr(person, "current_affiliations", ())),
        )
    if performers:
        data["performer"] = list(performers.values())
    if event.series:
        data["superEvent"] = {"@type": "EventSeries", "name": event.series.name}
    if event.cover:
        data["image"] = absolute_media_url(event.cover_large.url)
    if topics := [topic.name for topic in event.topics.all()]:
        data["keywords"] = ", ".join(topics)
    return data


def agreement_json_ld(agreement: Agreement) -> dict:
    """An agreement as a CreativeWork (schema.org has no type for a memorandum): the
    parties are its creators, the signatories its contributors, the signing place
    ``locationCreated``."""
    url = canonical_url(agreement)
    data: dict = {
        "@context": SCHEMA,
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": agreement.title,
        "genre": str(agreement.get_kind_display()),
        "creativeWorkStatus": str(agreement.get_effective_status_display()),
    }
    if description := short_description(agreement.summary, agreement.body):
        data["description"] = description
    if agreement.signed_on:
        data["dateCreated"] = agreement.signed_on.isoformat()
    if agreement.expires_on:
        data["expires"] = agreement.expires_on.isoformat()
    if agreement.signed_at:
        data["locationCreated"] = _place("", agreement.signed_city, agreement.signed_country)
    parties = list(agreement.parties.all())
    if parties:
        data["creator"] = [organization_reference(party.organization) for party in parties]
    if signatories := [person_reference(party.signatory) for party in parties if party.signatory]:
        data["contributor"] = signatories
    if featured := [person_reference(feature.person) for feature in agreement.featured.all()]:
        data["mentions"] = featured
    if topics := [topic.name for topic in agreement.topics.all()]:
        data["keywords"] = ", ".join(topics)
    return data
