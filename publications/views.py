from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from events.models import Event
from pakrus_site.caching import remember, remembered
from pakrus_site.models import Topic, topic_with_slug
from pakrus_site.prepared import PreparedList, PreparedQuery
from pakrus_site.social import social_meta
from pakrus_site.views import MENU_FIELDS, PreparedRecordDetailView, VisibleRecordMixin

from .citations import bibtex, citation_html, highwire_tags, ris
from .models import Publication
from .structured_data import publication_json_ld

RELATED_LIMIT = 4
BOOK_KINDS = {Publication.Kind.BOOK, Publication.Kind.EDITED_VOLUME}


def listed_publications(*, drafts: bool, **filters):
    """The publications the list shows for these filters (``PublicationQuerySet.matching()``):
    published ones only unless ``drafts``."""
    return Publication.objects.visible(drafts=drafts).matching(**filters)


PUBLICATION_LIST_ROWS = PreparedQuery(
    lambda *, start, stop, **filters: listed_publications(**filters).for_cards()[start:stop],
    # Django writes a slice into the SQL, and a year's bounds are worked out from it.
    shaping=("start", "stop", "year"),
)


class PublicationListView(VisibleRecordMixin, ListView):
    model = Publication
    paginate_by = 20
    template_name = "publications/publication_list.html"

    def get_queryset(self):
        params = self.request.GET
        ignored = []

        self.kind = params.get("kind", "")
        if self.kind and self.kind not in Publication.Kind.values:
            ignored.append(_("kind"))
            self.kind = ""

        self.topic = None
        if slug := params.get("topic"):
            self.topic = topic_with_slug(slug)
            if not self.topic:
                ignored.append(_("topic"))

        self.year = params.get("year", "")
        if self.year and not (self.year.isdecimal() and 1000 <= int(self.year) <= 9999):
            ignored.append(_("year"))
            self.year = ""

        self.language = params.get("language", "")
        if self.language and self.language not in Publication.Language.values:
            ignored.append(_("language"))
            self.language = ""

        self.ignored = ignored
        filters = {
            "drafts": Publication.objects.shows_drafts_to(self.request.user),
            "kind": self.kind or None,
            "topic_id": self.topic.pk if self.topic else None,
            "year": int(self.year) if self.year else None,
            "language": self.language or None,
        }
        return PreparedList(
            PUBLICATION_LIST_ROWS,
            model=Publication,
            name="publication-list-count",
            page_size=self.paginate_by,
            count=lambda: listed_publications(**filters).count(),
            **filters,
        )

    def get_context_data(self, **kwargs):
        visible = Publication.objects.visible_to(self.request.user)
        languages = dict(Publication.Language.choices)
        # The menus change only with the content: read once per content generation, known
        # by name rather than by their SQL (compiling it cost more than reading them).
        seen = "all" if Publication.objects.shows_drafts_to(self.request.user) else "published"
        years, used_languages = remember(
            f"publication-menus:{seen}", lambda: (visible.years(), visible.languages())
        )
        return super().get_context_data(**kwargs) | {
            "ignored_filters": self.ignored,
            "kind": self.kind,
            "kinds": Publication.Kind.choices,
            "topic": self.topic,
            "topic_choices": remembered(
                Topic.objects.filter(publications__in=visible).distinct(),
                name=f"publication-topics:{seen}",
                fields=MENU_FIELDS,
            ),
            "year": self.year,
            "years": years,
            "language": self.language,
            "language_choices": [(code, languages[code]) for code in used_languages if code in languages],
        }


PUBLICATION_PAGE = PreparedQuery(
    lambda *, slug, drafts: Publication.objects.visible(drafts=drafts).filter(slug=slug).with_details()
)
EVENTS_RELATED_TO_PUBLICATION = PreparedQuery(
    lambda *, person_ids, topic_ids: (
        Event.objects.published()
        .related_to_publication_keys(person_ids=person_ids, topic_ids=topic_ids, limit=RELATED_LIMIT)
        .for_cards()[:RELATED_LIMIT]
    )
)


class PublicationDetailView(PreparedRecordDetailView):
    model = Publication
    template_name = "publications/publication_detail.html"
    page_query = PUBLICATION_PAGE

    def get_context_data(self, **kwargs):
        publication = self.object
        return super().get_context_data(**kwargs) | {
            "citation": citation_html(publication),
            "citation_tags": highwire_tags(publication),
            "json_ld": publication_json_ld(publication),
            "related_events": EVENTS_RELATED_TO_PUBLICATION(
                person_ids=sorted(
                    {contribution.person_id for contribution in publication.contributions.all()}
                ),
                topic_ids=[topic.pk for topic in publication.topics.all()],
            ),
            "social_meta": social_meta(
                publication,
                title=publication.display_title,
                description=publication.abstract or publication.body,
                image=publication.cover_large if publication.cover else None,
                image_alt=publication.cover_alt,
                og_type="book" if publication.kind in BOOK_KINDS else "article",
            ),
        }


class CitationView(View):
    """One publication as a citation file that reference managers import."""

    formats = {
        "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
        "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    }
    format = "bib"

    def get(self, request, slug):
        drafts = Publication.objects.shows_drafts_to(request.user)
        publication = next(iter(PUBLICATION_PAGE(slug=slug, drafts=drafts)), None)
        if publication is None:
            raise Http404(_("No publication has this address."))
        render, content_type = self.formats[self.format]
        response = HttpResponse(render(publication), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{publication.slug}.{self.format}"'
        return response
