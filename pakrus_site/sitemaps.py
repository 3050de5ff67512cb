"""``/sitemap.xml``: an index of one sitemap per kind of record (each split in pages of at
most 50,000 addresses, the protocol's limit), listing every published record with its last
change, on the site's configured address (the same one canonical links use)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

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

    def get_latest_lastmod(self):
        # One aggregate, not every row loaded to find the newest.
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


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

    def get_latest_lastmod(self):
        return Topic.objects.aggregate(latest=Max("updated_at"))["latest"]


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


def sitemap_index(request):
    """The index crawlers start from: every page of every section's sitemap, each with
    the last change of the records it lists."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = settings.SITE_URL + reverse("sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        items.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    latest = max((item.last_mod for item in items if item.last_mod), default=None)
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers={"Last-Modified": http_date(latest.timestamp())} if latest else None,
    )
