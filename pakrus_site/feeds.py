"""``/feeds/latest.xml``: newly published events and publications, newest first."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from events.models import Event
from pakrus_site.models import Topic
from publications.models import Publication

from .social import canonical_url, short_description

FEED_ITEMS = 30


class LatestFeed(Feed):
    title = _("PakRus: new events and publications")
    description = _(
        "Seminars, webinars, signings and new books, articles and reviews of the Pakistan–Russia "
        "research and cultural-diplomacy network."
    )
    author_name = settings.SITE_NAME

    def link(self) -> str:
        return settings.SITE_URL + "/"

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse("latest_feed")

    def items(self) -> list:
        """The latest published records of both kinds, by when they were published here:
        two queries and their prefetches, however long the feed."""
        topics = Prefetch("topics", queryset=Topic.objects.only("name"))
        events = (
            Event.objects.published().for_list().prefetch_related(topics).order_by("-published_at", "-pk")
        )
        publications = (
            Publication.objects.published()
            .for_list()
            .prefetch_related(topics)
            .order_by("-published_at", "-pk")
        )
        records = [*events[:FEED_ITEMS], *publications[:FEED_ITEMS]]
        records.sort(key=lambda record: record.published_at or record.updated_at, reverse=True)
        return records[:FEED_ITEMS]

    def item_title(self, item) -> str:
        return str(item)

    def item_link(self, item) -> str:
        return canonical_url(item)

    def item_description(self, item) -> str:
        # Feed readers render a description as HTML, and this one is plain text: escape it.
        return escape(self._plain_description(item))

    def _plain_description(self, item) -> str:
        if isinstance(item, Event):
            when = ""
            if item.starts_at:
                when = date_format(timezone.localtime(item.starts_at, item.zone), "l j F Y, H:i T")
            facts = " · ".join(part for part in (str(item.get_kind_display()), when, item.venue) if part)
            summary = short_description(item.summary, item.body)
        else:
            names = ", ".join(person.display_name for person in item.creators)
            facts = " · ".join(
                part for part in (str(item.get_kind_display()), names, item.date_display) if part
            )
            summary = short_description(item.abstract, item.body)
        return f"{facts}. {summary}" if summary else facts

    def item_pubdate(self, item):
        return item.published_at or item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item) -> list[str]:
        return [str(item.get_kind_display()), *(topic.name for topic in item.topics.all())]

    def item_author_name(self, item) -> str | None:
        if isinstance(item, Publication):
            return ", ".join(person.display_name for person in item.creators) or None
        return ", ".join(link.organization.name for link in item.hosts) or None
