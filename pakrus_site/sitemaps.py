"""``/sitemap.xml``: every published record with its last change, on the site's
configured address (the same one canonical links use)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Agreement, Event
from people.models import Organization, Person
from publications.models import Publication

from .models import Topic


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class RecordSitemap(SiteSitemap):
    """Published records of one model; only the columns the sitemap shows are loaded."""

    model = None
    changefreq = "weekly"

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class EventSitemap(RecordSitemap):
    model = Event
    priority = 0.8


class AgreementSitemap(RecordSitemap):
    model = Agreement
    priority = 0.7


class PublicationSitemap(RecordSitemap):
    model = Publication
    priority = 0.8
    changefreq = "monthly"


class PersonSitemap(RecordSitemap):
    model = Person
    priority = 0.6
    changefreq = "monthly"


class OrganizationSitemap(RecordSitemap):
    model = Organization
    priority = 0.6
    changefreq = "monthly"


class TopicSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Topic.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, topic):
        return topic.updated_at


class SectionSitemap(SiteSitemap):
    """The home page and the lists."""

    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return [
            "home",
            "events:event_list",
            "events:agreement_list",
            "publications:publication_list",
            "people:person_list",
            "people:organization_list",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
    "events": EventSitemap,
    "agreements": AgreementSitemap,
    "publications": PublicationSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "topics": TopicSitemap,
}
