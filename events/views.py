from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.http import Http404, HttpResponse
from django.utils.timezone import now as current_time
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from pakrus_site.caching import remembered
from pakrus_site.models import Topic, topic_with_slug
from pakrus_site.prepared import PreparedQuery
from pakrus_site.social import social_meta
from pakrus_site.views import (
    MENU_FIELDS,
    ORGANIZATION_CHOICES,
    PreparedRecordDetailView,
    VisibleRecordMixin,
    choices_with,
)
from people.models import Organization
from publications.models import Publication

from .calendar import build_calendar
from .models import Agreement, Event, EventsByTiming, Series
from .structured_data import agreement_json_ld, event_json_ld

MIN_YEAR, MAX_YEAR = 1900, 2100
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
RELATED_LIMIT = 4


class FilteredListMixin:
    """Reads the list filters from the query string. A value that is not understood is
    ignored and named in a notice, never an error page."""

    def read_filters(self) -> None:
        self.ignored_filters: list[str] = []

    def ignore(self, label) -> None:
        self.ignored_filters.append(str(label))

    def choice_param(self, name: str, label, choices) -> str:
        value = self.request.GET.get(name, "")
        if value and value not in choices:
            self.ignore(label)
            return ""
        return value

    def year_param(self) -> int | None:
        value = self.request.GET.get("year", "")
        if not value:
            return None
        if value.isdecimal() and MIN_YEAR <= int(value) <= MAX_YEAR:
            return int(value)
        self.ignore(_("year"))
        return None

    def record_param(self, name: str, label, queryset):
        return self.found_param(name, label, lambda slug: queryset.filter(slug=slug).first())

    def found_param(self, name: str, label, find: Callable[[str], Model | None]):
        slug = self.request.GET.get(name, "")
        if not slug:
            return None
        record = find(slug)
        if record is None:
            self.ignore(label)
        return record

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"ignored_filters": self.ignored_filters}


def _key(record: Model | None) -> int | None:
    return None if record is None else record.pk


class EventListView(FilteredListMixin, VisibleRecordMixin, ListView):
    model = Event
    paginate_by = 20
    template_name = "events/event_list.html"

    def get_queryset(self):
        self.read_filters()
        self.kind = self.choice_param("kind", _("kind"), Event.Kind.values)
        self.year = self.year_param()
        self.topic = self.found_param("topic", _("topic"), topic_with_slug)
        self.organization = self.record_param(
            "organization", _("organization"), Organization.objects.published()
        )
        self.series = self.record_param("series", _("series"), Series.objects.all())
        return EventsByTiming(
            drafts=Event.objects.shows_drafts_to(self.request.user),
            now=current_time(),
            kind=self.kind or None,
            year=self.year,
            topic_id=_key(self.topic),
            organization_id=_key(self.organization),
            series_id=_key(self.series),
        )

    def get_context_data(self, **kwargs):
        published = Event.objects.published()
        organizers = Organization.objects.published().most_linked("event_roles", event__in=published)
        return super().get_context_data(**kwargs) | {
            "kind": self.kind,
            "year": self.year,
            "topic": self.topic,
            "organization": self.organization,
            "series": self.series,
            "kinds": Event.Kind.choices,
            "years": [
                moment.year
                for moment in remembered(
                    published.datetimes("starts_at", "year", order="DESC"), name="event-years"
                )
            ],
            "topic_choices": remembered(
                Topic.objects.filter(events__in=published).distinct(), name="event-topics", fields=MENU_FIELDS
            ),
            "organization_choices": choices_with(
                remembered(organizers[:ORGANIZATION_CHOICES], name="event-organizers", fields=MENU_FIELDS),
                self.organization,
            ),
        }


EVENT_PAGE = PreparedQuery(
    lambda *, slug, drafts: Event.objects.visible(drafts=drafts).filter(slug=slug).for_detail()
)
AGREEMENTS_SIGNED_AT = PreparedQuery(
    lambda *, event_id: Agreement.objects.published().filter(signing_event=event_id)
)
RELATED_EVENTS = PreparedQuery(
    lambda *, pk, topic_ids, series_id: (
        Event.objects.published()
        .related_to_keys(pk=pk, topic_ids=topic_ids, series_id=series_id, limit=RELATED_LIMIT)
        .for_short_lists()[:RELATED_LIMIT]
    )
)
PUBLICATIONS_RELATED_TO_EVENT = PreparedQuery(
    lambda *, person_ids, topic_ids: (
        Publication.objects.published()
        .related_to_keys(person_ids=person_ids, topic_ids=topic_ids, limit=RELATED_LIMIT)
        .for_cards()[:RELATED_LIMIT]
    )
)


class EventDetailView(PreparedRecordDetailView):
    model = Event
    template_name = "events/event_detail.html"
    page_query = EVENT_PAGE

    def get_context_data(self, **kwargs):
        event = self.object
        topic_ids = [topic.pk for topic in event.topics.all()]
        return super().get_context_data(**kwargs) | {
            "participant_groups": event.participants_by_role(),
            "related_events": RELATED_EVENTS(pk=event.pk, topic_ids=topic_ids, series_id=event.series_id),
            "signed_agreements": AGREEMENTS_SIGNED_AT(event_id=event.pk),
            "related_publications": PUBLICATIONS_RELATED_TO_EVENT(
                person_ids=sorted({participation.person_id for participation in event.participations.all()}),
                topic_ids=topic_ids,
            ),
            "structured_data": event_json_ld(event),
            "social_meta": social_meta(
                event,
                title=event.title,
                description=event.summary or event.body,
                image=event.cover_large if event.cover else None,
                image_alt=event.cover_alt,
            ),
        }


class EventCalendarFileView(SingleObjectMixin, View):
    """One event as an .ics file to add to a calendar."""

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        event = self.get_object()
        if event.starts_at is None:
            raise Http404("This event has no date to put in a calendar.")
        response = HttpResponse(build_calendar([event], name=event.title), content_type=CALENDAR_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response


class CalendarFeedView(View):
    """The published events with a date, as a calendar to subscribe to: the latest
    ``size`` of them by start (every upcoming one and the recent past), so that a network
    with years of events does not send calendar apps a file of many megabytes on each poll."""

    size = 1000

    def get(self, request, *args, **kwargs):
        latest = list(Event.objects.published().dated().order_by("-starts_at", "-pk")[: self.size])
        return HttpResponse(build_calendar(reversed(latest)), content_type=CALENDAR_CONTENT_TYPE)


class AgreementListView(FilteredListMixin, VisibleRecordMixin, ListView):
    model = Agreement
    paginate_by = 20
    template_name = "events/agreement_list.html"

    def get_queryset(self):
        self.read_filters()
        agreements = super().get_queryset().newest_first().for_cards()
        self.kind = self.choice_param("kind", _("kind"), Agreement.Kind.values)
        if self.kind:
            agreements = agreements.filter(kind=self.kind)
        self.legal_status = self.choice_param("status", _("status"), Agreement.LegalStatus.values)
        if self.legal_status:
            agreements = agreements.with_status(self.legal_status)
        self.year = self.year_param()
        if self.year:
            agreements = agreements.in_year(self.year)
        self.organization = self.record_param(
            "organization", _("organization"), Organization.objects.published()
        )
        if self.organization:
            agreements = agreements.with_party(self.organization)
        self.topic = self.found_param("topic", _("topic"), topic_with_slug)
        if self.topic:
            agreements = agreements.filter(topics=self.topic)
        return agreements

    def get_context_data(self, **kwargs):
        published = Agreement.objects.published()
        parties = Organization.objects.published().most_linked("agreement_parties", agreement__in=published)
        return super().get_context_data(**kwargs) | {
            "kind": self.kind,
            "legal_status": self.legal_status,
            "year": self.year,
            "organization": self.organization,
            "topic": self.topic,
            "kinds": Agreement.Kind.choices,
            "statuses": Agreement.LegalStatus.choices,
            "years": [
                day.year
                for day in remembered(
                    published.dates("signed_on", "year", order="DESC"), name="agreement-years"
                )
            ],
            "organization_choices": choices_with(
                remembered(parties[:ORGANIZATION_CHOICES], name="agreement-parties", fields=MENU_FIELDS),
                self.organization,
            ),
        }


AGREEMENT_PAGE = PreparedQuery(
    lambda *, slug, drafts: Agreement.objects.visible(drafts=drafts).filter(slug=slug).for_detail()
)


class AgreementDetailView(PreparedRecordDetailView):
    model = Agreement
    template_name = "events/agreement_detail.html"
    page_query = AGREEMENT_PAGE

    def get_context_data(self, **kwargs):
        agreement = self.object
        signing_event = agreement.signing_event
        return super().get_context_data(**kwargs) | {
            "area_groups": agreement.areas_by_kind(),
            "signing_event": signing_event if signing_event and signing_event.is_published else None,
            "structured_data": agreement_json_ld(agreement),
            "social_meta": social_meta(
                agreement, title=agreement.title, description=agreement.summary or agreement.body
            ),
        }
