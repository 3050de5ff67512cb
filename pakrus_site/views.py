from hashlib import md5

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from events.models import Agreement, Event
from people.models import Person
from publications.models import Publication

from . import search
from .caching import CountCachingPaginator, remember
from .models import Topic, topic_with_slug
from .prepared import PreparedQuery, remembered_list_count
from .social import canonical_url, social_meta


class VisibleRecordMixin:
    """Staff preview drafts; visitors get a 404 for anything not published. Lists count
    their rows once per content generation."""

    paginator_class = CountCachingPaginator

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class PreparedRecordDetailView(DetailView):
    """A detail page whose record, with everything its page shows, comes from
    ``page_query``: a prepared query taking the slug and whether drafts show (staff who
    may view this kind of record preview drafts; visitors get a 404)."""

    page_query: PreparedQuery

    def get_object(self, queryset=None):
        drafts = self.model.objects.shows_drafts_to(self.request.user)
        for record in self.page_query(slug=self.kwargs[self.slug_url_kwarg], drafts=drafts):
            return record
        raise Http404(
            _("No %(verbose_name)s found matching the query")
            % {"verbose_name": self.model._meta.verbose_name}
        )


# A filter menu lists the organizations with the most records, not thousands of them; any
# other organization is still reachable through its page and ?organization=.
ORGANIZATION_CHOICES = 100
# What a filter menu shows of each record it offers.
MENU_FIELDS = ("pk", "slug", "name")


def choices_with(choices: list, selected) -> list:
    """A filter menu's choices sorted by name, with the selected record even when it is not
    among them."""
    if selected is not None and all(choice.pk != selected.pk for choice in choices):
        choices = [*choices, selected]
    return sorted(choices, key=lambda choice: (choice.name.casefold(), choice.pk))


HOME_EVENTS = 3
HOME_PUBLICATIONS = 4
HOME_AGREEMENTS = 3
HOME_PEOPLE = 6
TOPIC_PAGE_LIMIT = 6


HOME_UPCOMING_EVENTS = PreparedQuery(
    lambda *, now: Event.objects.published().for_cards().upcoming(now=now).slice_by_key(0, HOME_EVENTS)
)
HOME_RECENT_EVENTS = PreparedQuery(
    lambda *, now: Event.objects.published().for_cards().past(now=now)[:HOME_EVENTS]
)
# In the order of the publication list, which its index serves.
HOME_LATEST_PUBLICATIONS = PreparedQuery(
    lambda: Publication.objects.published().works().for_cards()[:HOME_PUBLICATIONS]
)
HOME_RECENT_AGREEMENTS = PreparedQuery(
    lambda: Agreement.objects.published().newest_first().for_cards()[:HOME_AGREEMENTS]
)
HOME_FEATURED_PEOPLE = PreparedQuery(
    lambda: Person.objects.published().for_cards().order_by("-published_at", "pk")[:HOME_PEOPLE]
)


class HomeView(TemplateView):
    """Upcoming events (or, when none is announced, the latest past ones), the latest
    publications and agreements, some scholars and the topics, each a fixed number of
    queries however many records there are."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        upcoming = HOME_UPCOMING_EVENTS(now=now)
        return super().get_context_data(**kwargs) | {
            "upcoming_events": upcoming,
            "recent_events": [] if upcoming else HOME_RECENT_EVENTS(now=now),
            "latest_publications": HOME_LATEST_PUBLICATIONS(),
            "recent_agreements": HOME_RECENT_AGREEMENTS(),
            "featured_people": HOME_FEATURED_PEOPLE(),
            # Counted as the topic pages list them: chapters are reached through their volume.
            "topics": remember("home-topics", home_topics),
            "figures": remember("home-figures", home_figures),
        }


def home_topics() -> list[Topic]:
    return Topic.objects.with_record_counts(
        Event.objects.published(),
        Publication.objects.published().works(),
        Agreement.objects.published(),
        Person.objects.published(),
    )


def home_figures() -> dict[str, int]:
    """How many records of each kind the public can see; remembered under one name, since
    naming four counts by their SQL cost more than reading them."""
    return {
        "events": Event.objects.published().count(),
        "publications": Publication.objects.published().works().count(),
        "agreements": Agreement.objects.published().count(),
        "people": Person.objects.published().count(),
    }


def _on_topic(build):
    """The first ``TOPIC_PAGE_LIMIT`` of the records ``build(topic_id)`` gives, prepared."""
    return PreparedQuery(lambda *, topic_id: build(topic_id)[:TOPIC_PAGE_LIMIT])


def _events_on(topic_id):
    return Event.objects.published().filter(topics=topic_id).newest_first().for_cards()


def _publications_on(topic_id):
    return Publication.objects.published().works().about(topic_id).for_cards()


def _agreements_on(topic_id):
    return Agreement.objects.published().filter(topics=topic_id).newest_first().for_cards()


def _people_on(topic_id):
    return Person.objects.published().filter(topics=topic_id).alphabetical().for_cards()


TOPIC_LISTS = {
    name: (build, _on_topic(build))
    for name, build in (
        ("events", _events_on),
        ("publications", _publications_on),
        ("agreements", _agreements_on),
        ("people", _people_on),
    )
}


def first_on_topic(name: str, topic_id: int) -> tuple[list, int]:
    """Up to ``TOPIC_PAGE_LIMIT`` records of one kind on the topic and how many there are
    in all; counts only when the page is full, so a short list costs its query alone, and
    once per content generation: a topic may hold tens of thousands of records."""
    build, first = TOPIC_LISTS[name]
    rows = first(topic_id=topic_id)
    if len(rows) < TOPIC_PAGE_LIMIT:
        return rows, len(rows)
    return rows, remembered_list_count(f"topic-{name}", {"topic_id": topic_id}, build(topic_id).count)


class TopicDetailView(DetailView):
    """Everything published on one topic, newest first, a few of each kind with a link
    to the full filtered list."""

    model = Topic
    template_name = "topic_detail.html"

    def get_object(self, queryset=None):
        # From the vocabulary remembered per content generation, not a query of its own. The
        # topic is shared by the requests of this process: it is only read here.
        topic = topic_with_slug(self.kwargs["slug"])
        if topic is None:
            raise Http404("No topic has this address.")
        return topic

    def get_context_data(self, **kwargs):
        topic = self.object
        events, event_count = first_on_topic("events", topic.pk)
        publications, publication_count = first_on_topic("publications", topic.pk)
        agreements, agreement_count = first_on_topic("agreements", topic.pk)
        people, people_count = first_on_topic("people", topic.pk)
        return super().get_context_data(**kwargs) | {
            "events": events,
            "event_count": event_count,
            "publications": publications,
            "publication_count": publication_count,
            "agreements": agreements,
            "agreement_count": agreement_count,
            "people": people,
            "people_count": people_count,
            "is_empty": not (events or publications or agreements or people),
            "structured_data": topic_json_ld(topic),
            "social_meta": social_meta(
                topic,
                title=topic.name,
                description=topic.description
                or _("Events, publications, agreements and people of the PakRus network on %(topic)s.")
                % {"topic": topic.name},
            ),
        }


def topic_json_ld(topic: Topic) -> dict:
    url = canonical_url(topic)
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": topic.name,
        "about": {"@type": "DefinedTerm", "name": topic.name},
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"},
    }
    if topic.description:
        data["description"] = topic.description
    return data


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """For load balancers, and the benchmark's ceiling: the whole middleware stack and a
    view that does no work."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


class SearchView(TemplateView):
    template_name = "search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        kind = self.request.GET.get("type", "")
        if kind not in search.SEARCHABLE:
            kind = ""
        context = super().get_context_data(**kwargs) | {
            "query": query,
            "kind": kind,
            "kinds": [(k, many) for k, (_label, _one, many) in search.SEARCHABLE.items()],
            "has_terms": bool(search.query_terms(query)),
        }
        if not context["has_terms"]:
            return context
        # How many records of each kind match changes only with the content; the total is
        # their sum, so a search runs only the queries for the page of results, and the
        # last page stops at the last result.
        terms = " ".join(search.query_terms(query))
        counts = remember(
            f"search-counts:{md5(terms.encode(), usedforsecurity=False).hexdigest()}",
            lambda: search.counts_by_kind(query),
        )
        total = counts.get(kind, 0) if kind else sum(counts.values())
        paginator = Paginator(search.search(query, kind=kind or None, total=total), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        for entry in page.object_list:
            entry.snippet = search.highlight(entry.summary or entry.title, query)
            entry.title_marked = search.highlight(entry.title, query, width=500)
        return context | {"page_obj": page, "results": page.object_list, "counts": counts}


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    # API clients get JSON for any address under /api/, even one no route matches.
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return render(request, "500.html", status=500)
