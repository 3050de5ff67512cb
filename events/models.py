"""Events (seminars, webinars, signings…) with their speakers and outcomes, and the
agreements (MoUs) between organizations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.timezone import now as current_time
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

from pakrus_site.addresses import record_address
from pakrus_site.countries import country_name
from pakrus_site.datenames import date_names, day_month_year, zone_abbreviation
from pakrus_site.files import RandomName, validate_image, validate_pdf
from pakrus_site.models import (
    SLUG_MAX_LENGTH,
    ChoiceLabels,
    PublishedQuerySet,
    PublishedRecord,
    RichTextField,
    Topic,
    prefetched,
    unique_slug,
)
from pakrus_site.prepared import PreparedPrefetches, PreparedQuery, remembered_list_count
from people.models import (
    ORGANIZATION_NAME_FIELDS,
    PERSON_NAME_FIELDS,
    Affiliation,
    Organization,
    Person,
    columns_of,
)

from .validators import validate_timezone

DEFAULT_TIMEZONE = "Asia/Karachi"
# The years an event may be dated in.
EVENT_YEARS = range(1800, 2201)


class Series(models.Model):
    """A recurring programme events belong to, e.g. the "NIPS Lecture Series"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_series",
    )
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('events:event_list')}?series={self.slug}"


def _upcoming(now: datetime.datetime) -> Q:
    """Not over yet: an event stays upcoming until it ends (or, without an end, starts).
    One expression, so that the index on it finds the few upcoming events among many."""
    return Q(GreaterThanOrEqual(Coalesce("ends_at", "starts_at"), now))


# When an upcoming event starts (they all have a start: an end needs one). Sorting by this
# rather than by the column keeps PostgreSQL from walking the starts_at index from the
# oldest event, hoping to meet upcoming ones early; it reads the few upcoming events
# through their own index and sorts them.
UPCOMING_START = Coalesce("starts_at", "ends_at")


EVENT_CARD_FIELDS = (
    "slug",
    "status",
    "title",
    "kind",
    "series__slug",
    "series__name",
    "timezone",
    "starts_at",
    "ends_at",
    "venue_name",
    "city",
    "country",
    "online_url",
)
AGREEMENT_CARD_FIELDS = (
    "slug",
    "status",
    "title",
    "kind",
    "signed_on",
    "signed_city",
    "signed_country",
    "legal_status",
    "expires_on",
)
# What the short lists of events (related events, a person's or an organization's) show.
RELATED_EVENT_FIELDS = ("slug", "title", "kind", "timezone", "starts_at")
# A participation's own columns, all of which an event page shows.
PARTICIPATION_FIELDS = ("event_id", "person_id", "role", "order", "talk_title", "highlight")


class EventsByTiming:
    """The order of ``upcoming_first()`` as a sequence a paginator can count and slice: the
    upcoming events (soonest first) and then the others (latest first, undated last) are
    read as two index-ordered parts, instead of sorting every event on each page view.

    The events are those the list's filters select (``EventQuerySet.matching()``, each
    filter a plain value or None), published only unless ``drafts``; each page's rows and
    their organizers are read by prepared queries, as cards show them."""

    def __init__(self, *, drafts: bool, now: datetime.datetime, **filters) -> None:
        self.model = Event
        self.filters = {"drafts": drafts, **filters}
        self.now = now
        self.events = listed_events(**self.filters)

    def count(self) -> int:
        # Counted once per content generation: the total does not move with the clock.
        return remembered_list_count("event-list-count", self.filters, self.events.count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Event]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("EventsByTiming can only be sliced.")
        start, stop, _step = index.indices(self.count())
        wanted = max(0, stop - start)
        # Hundreds of events may be upcoming; their index does not give their order.
        rows = UPCOMING_EVENT_ROWS(now=self.now, start=start, stop=stop, **self.filters) if wanted else []
        if len(rows) < wanted:
            # How many upcoming events come before the others: known from a short answer,
            # counted (a small index range) only when the page starts past them all.
            upcoming = start + len(rows) if rows or not start else self.events.upcoming(now=self.now).count()
            # Never before the first: an event published between the two reads would
            # otherwise make this negative.
            first = max(0, start + len(rows) - upcoming)
            rows.extend(
                OTHER_EVENT_ROWS(now=self.now, start=first, stop=first + wanted - len(rows), **self.filters)
            )
        EVENT_CARD_PREFETCHES(rows)
        return rows


class EventQuerySet(PublishedQuerySet):
    def dated(self) -> EventQuerySet:
        return self.filter(starts_at__isnull=False)

    def upcoming(self, *, now: datetime.datetime | None = None) -> EventQuerySet:
        return self.filter(_upcoming(now or current_time())).order_by(UPCOMING_START, "pk")

    def past(self, *, now: datetime.datetime | None = None) -> EventQuerySet:
        return self.dated().exclude(_upcoming(now or current_time())).order_by("-starts_at", "-pk")

    def newest_first(self) -> EventQuerySet:
        """Latest first; events whose date was not recorded come last."""
        return self.order_by(F("starts_at").desc(nulls_last=True), "title", "pk")

    def upcoming_first(self, *, now: datetime.datetime | None = None) -> EventQuerySet:
        """Upcoming events soonest first, then past events latest first, then those whose
        date was not recorded. Each row carries ``timing``: upcoming, past or undated."""
        upcoming = _upcoming(now or current_time())
        return self.annotate(
            timing=Case(
                When(upcoming, then=Value("upcoming")),
                When(starts_at__isnull=False, then=Value("past")),
                default=Value("undated"),
            ),
            timing_rank=Case(
                When(upcoming, then=Value(0)),
                When(starts_at__isnull=False, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            upcoming_start=Case(When(upcoming, then=F("starts_at"))),
            past_start=Case(When(~upcoming & Q(starts_at__isnull=False), then=F("starts_at"))),
        ).order_by(
            "timing_rank",
            F("upcoming_start").asc(nulls_last=True),
            F("past_start").desc(nulls_last=True),
            "title",
            "pk",
        )

    def upcoming_rows(self, *, now: datetime.datetime) -> EventQuerySet:
        """The upcoming part of ``EventsByTiming``, soonest first."""
        return (
            self.filter(_upcoming(now))
            .annotate(timing=Value("upcoming"))
            .order_by(UPCOMING_START, "title", "pk")
        )

    def other_rows(self, *, now: datetime.datetime) -> EventQuerySet:
        """The rest of ``EventsByTiming``: past events latest first, then undated ones."""
        return (
            self.filter(Q(LessThan(Coalesce("ends_at", "starts_at"), now)) | Q(starts_at__isnull=True))
            .annotate(timing=Case(When(starts_at__isnull=True, then=Value("undated")), default=Value("past")))
            .order_by(F("starts_at").desc(nulls_last=True), "title", "pk")
        )

    def matching(
        self,
        *,
        kind: str | None = None,
        year: int | None = None,
        topic_id: int | None = None,
        organization_id: int | None = None,
        series_id: int | None = None,
    ) -> EventQuerySet:
        """The event list's filters, each left out when None."""
        events = self
        if kind is not None:
            events = events.filter(kind=kind)
        if year is not None:
            events = events.in_year(year)
        if topic_id is not None:
            events = events.filter(topics=topic_id)
        if organization_id is not None:
            events = events.organized_by(organization_id)
        if series_id is not None:
            events = events.filter(series=series_id)
        return events

    def in_year(self, year: int) -> EventQuerySet:
        return self.filter(starts_at__year=year)

    def organized_by(self, organization_id: int) -> EventQuerySet:
        """Events the organization organized or partnered."""
        return self.filter(
            pk__in=EventOrganization.objects.filter(organization=organization_id).values("event")
        )

    def related_to(self, event: Event, *, limit: int) -> EventQuerySet:
        """Other events in the same series or sharing a topic, latest first: the first
        ``limit`` of them (it holds up to twice as many, to be cut at ``limit`` or fewer).
        Uses ``event.topics`` as already fetched, so a detail page that prefetched them pays
        one query."""
        return self.related_to_keys(
            pk=event.pk,
            topic_ids=[topic.pk for topic in event.topics.all()],
            series_id=event.series_id,
            limit=limit,
        )

    def related_to_keys(
        self, *, pk: int, topic_ids: list[int], series_id: int | None, limit: int
    ) -> EventQuerySet:
        """``related_to()`` from the event's key, its topics' keys and its series' key,
        the plain values a prepared query takes."""
        others = self.exclude(pk=pk).newest_first()
        # Only the latest events on the topics or in the series can make the list: a few
        # candidates found by walking the newest-first index, instead of matching every
        # event on a popular topic (thousands) and sorting them all.
        candidates = []
        if topic_ids:
            on_topics = Event.topics.through.objects.filter(topic__in=topic_ids).values("event")
            candidates.append(others.filter(pk__in=on_topics))
        if series_id:
            candidates.append(others.filter(series_id=series_id))
        if not candidates:
            return self.none()
        keys = [part.first_keys(limit) for part in candidates]
        return self.filter(pk__in=keys[0].union(*keys[1:], all=True)).newest_first()

    def related_to_publication(self, publication, *, limit: int) -> EventQuerySet:
        """Up to ``limit`` events where the publication's contributors took part, then events
        sharing one of its topics, each latest first. Reads ``publication.contributions``
        and ``publication.topics`` as already fetched (``with_details()``)."""
        return self.related_to_publication_keys(
            person_ids=sorted({contribution.person_id for contribution in publication.contributions.all()}),
            topic_ids=[topic.pk for topic in publication.topics.all()],
            limit=limit,
        )

    def related_to_publication_keys(
        self, *, person_ids: list[int], topic_ids: list[int], limit: int
    ) -> EventQuerySet:
        """``related_to_publication()`` from the keys of the publication's contributors and
        topics, the plain values a prepared query takes."""
        if not (person_ids or topic_ids):
            return self.none()
        with_contributors = Participation.objects.filter(person__in=person_ids).order_by().values("event")
        with_contributor = Q(pk__in=with_contributors)
        # Only the latest events on the topics can make the list: a handful of candidates to
        # sort instead of every event on a popular topic. One set of candidates (not two
        # conditions joined by OR) lets the database look them up by key.
        latest_on_topic = (
            self.filter(pk__in=Event.topics.through.objects.filter(topic__in=topic_ids).values("event"))
            .newest_first()
            .first_keys(limit)
        )
        candidates = with_contributors.union(latest_on_topic, all=True)
        return (
            self.filter(pk__in=candidates)
            .annotate(
                with_contributor=Case(
                    When(with_contributor, then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                )
            )
            .order_by("-with_contributor", F("starts_at").desc(nulls_last=True), "title", "pk")
        )

    def for_list(self) -> EventQuerySet:
        """What a list or card needs: the series and the organizers."""
        return self.select_related("series").prefetch_related(
            Prefetch("organizers", queryset=EventOrganization.objects.select_related("organization"))
        )

    def for_cards(self) -> EventQuerySet:
        """What an event card (``_event_card.html``) shows, and no other column: a list page
        builds dozens of events, and building their unused columns cost more than reading
        them."""
        return (
            self.select_related("series")
            .only(*EVENT_CARD_FIELDS)
            .prefetch_related(
                Prefetch(
                    "organizers",
                    queryset=EventOrganization.objects.select_related("organization").only(
                        "event_id",
                        "role",
                        "order",
                        *columns_of("organization", ORGANIZATION_NAME_FIELDS),
                    ),
                    to_attr="card_organizers",
                )
            )
        )

    def for_short_lists(self) -> EventQuerySet:
        """What a short list of events (related events, a person's or an organization's)
        shows, and no other column."""
        return self.only(*RELATED_EVENT_FIELDS)

    def with_people(self) -> EventQuerySet:
        """Participations in order, with each person's name and current positions: what the
        page and its structured data show, without the biographies."""
        return self.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person")
                .only(*PARTICIPATION_FIELDS, *columns_of("person", PERSON_NAME_FIELDS))
                .prefetch_related(
                    Prefetch(
                        "person__affiliations",
                        queryset=Affiliation.objects.current_positions(),
                        to_attr="current_affiliations",
                    )
                ),
            )
        )

    def for_detail(self) -> EventQuerySet:
        return self.for_list().with_people().prefetch_related("recommendations", "topics")


class StartLabels(NamedTuple):
    """An event's start in words, in its own time zone."""

    day: str  # "12"
    month_year: str  # "Mar 2025"
    iso: str  # "2025-03-12T10:00:00+05:00"
    full: str  # "Wednesday 12 March 2025, 10:00"
    zone: str  # "PKT"
    date: str  # "12 March 2025"


class Event(PublishedRecord):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        WEBINAR = "webinar", _("Webinar")
        ROUNDTABLE = "roundtable", _("Roundtable")
        CONFERENCE = "conference", _("Conference")
        LECTURE = "lecture", _("Lecture")
        WORKSHOP = "workshop", _("Workshop")
        BOOK_LAUNCH = "book_launch", _("Book launch")
        MOU_SIGNING = "mou_signing", _("MoU signing")
        CULTURAL_EVENT = "cultural_event", _("Cultural event")

    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEMINAR)
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIMEZONE,
        validators=[validate_timezone],
        help_text=_("Where the event takes place; its times are shown in this zone."),
    )
    starts_at = models.DateTimeField(
        _("starts"),
        null=True,
        blank=True,
        help_text=_("Local time at the venue. Leave empty if the date was not recorded."),
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Local time at the venue."))
    venue_name = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_('e.g. "Hotel Crown Plaza".')
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online link"), blank=True, help_text=_("Where to watch or join online."))
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences for lists and feeds.")
    )
    body = RichTextField(_("body"))
    recording_url = models.URLField(_("recording"), blank=True)
    registration_url = models.URLField(_("registration"), blank=True)
    report = models.FileField(
        _("report (PDF)"), upload_to=RandomName("event-reports"), blank=True, validators=[validate_pdf]
    )
    cover = models.ImageField(
        _("cover image"), upload_to=RandomName("event-covers"), blank=True, validators=[validate_image]
    )
    cover_card = ImageSpecField(
        source="cover", processors=[ResizeToFill(640, 360)], format="WEBP", options={"quality": 82}
    )
    cover_large = ImageSpecField(
        source="cover", processors=[ResizeToFit(1200, 800)], format="WEBP", options={"quality": 85}
    )
    cover_alt = models.CharField(_("cover description"), max_length=200, blank=True)
    cover_credit = models.CharField(_("cover credit"), max_length=200, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="events")
    organizations = models.ManyToManyField(
        Organization, through="EventOrganization", related_name="events", verbose_name=_("organizations")
    )
    people = models.ManyToManyField(
        Person, through="Participation", related_name="events", verbose_name=_("people")
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [F("starts_at").desc(nulls_last=True), "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # The columns the upcoming events are sorted and found by ride along: PostgreSQL
            # then finds and orders hundreds of upcoming events from the index alone.
            models.Index(
                F("status"),
                Coalesce("ends_at", "starts_at"),
                name="event_upcoming_idx",
                include=["starts_at", "ends_at", "title", "id"],
            ),
            models.Index(fields=["kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=False, ends_at__gte=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The event ends before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return record_address("events:event_detail", self.slug)

    def slug_source(self) -> str:
        return self.title

    def search_document(self) -> dict:
        """What site search indexes: speakers and venue make an event findable by them."""
        speakers = ", ".join(str(p.person) for p in self.participations.select_related("person"))
        return {
            "title": self.title,
            "summary": self.summary,
            "body": " ".join(part for part in (strip_tags(self.body), self.venue, speakers) if part),
            "date": self.local_starts_at.date() if self.starts_at else None,
        }

    def clean(self):
        super().clean()
        # Far-off years cannot be converted between time zones (and no event of the network
        # lies there): refuse them here rather than fail when the record is stored.
        out_of_range = {
            name: _("Enter a date between the years %(first)s and %(last)s.")
            % {"first": EVENT_YEARS[0], "last": EVENT_YEARS[-1]}
            for name in ("starts_at", "ends_at")
            if getattr(self, name) and getattr(self, name).year not in EVENT_YEARS
        }
        if out_of_range:
            raise ValidationError(out_of_range)
        if self.ends_at and not self.starts_at:
            raise ValidationError({"starts_at": _("Give the start as well as the end.")})
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event ends before it starts.")})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_starts_at(self) -> datetime.datetime | None:
        return self.starts_at.astimezone(self.zone) if self.starts_at else None

    @property
    def start_labels(self) -> StartLabels | None:
        """The start as a card or a short list shows it, in the event's time zone, as
        Django's date filters would write it but without their cost (``pakrus_site.datenames``):
        a page shows dozens of events (read it once per event, with ``{% with %}``)."""
        if not self.starts_at:
            return None
        local = self.local_starts_at
        names = date_names()
        date = day_month_year(local)
        return StartLabels(
            day=str(local.day),
            month_year=f"{names.months_short[local.month]} {local.year:04d}",
            iso=local.isoformat(),
            full=f"{names.weekdays[local.weekday()]} {date}, {local.hour:02d}:{local.minute:02d}",
            zone=zone_abbreviation(local),
            date=date,
        )

    @property
    def local_ends_at(self) -> datetime.datetime | None:
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    @property
    def ends_on_another_day(self) -> bool:
        return bool(self.ends_at and self.local_ends_at.date() != self.local_starts_at.date())

    @property
    def venue(self) -> str:
        """The venue on one line: "Hotel Crown Plaza, Islamabad, Pakistan"."""
        parts = (self.venue_name, self.city, country_name(self.country))
        return ", ".join(part for part in parts if part)

    def organizers_in_role(self, role: str) -> list[EventOrganization]:
        return [link for link in prefetched(self, "card_organizers", "organizers") if link.role == role]

    @property
    def hosts(self) -> list[EventOrganization]:
        return self.organizers_in_role(EventOrganization.Role.ORGANIZER)

    @property
    def partners(self) -> list[EventOrganization]:
        return self.organizers_in_role(EventOrganization.Role.PARTNER)

    def participants_by_role(self) -> list[tuple[str, list[Participation]]]:
        """Participations grouped by role in programme order (chair first), each group
        under a heading in the right number ("Speaker", "Speakers")."""
        groups: dict[str, list[Participation]] = {}
        for participation in self.participations.all():
            groups.setdefault(participation.role, []).append(participation)
        return [
            (Participation.role_heading(role, len(groups[role])), groups[role])
            for role in Participation.Role.values
            if role in groups
        ]


def events_featuring(person_id: int) -> list[Event]:
    """The published events the person took part in, latest first, each with
    ``roles_of_person`` (their participations in it), as a person's page lists them: read
    by prepared queries, the events, then the person's roles in them."""
    events = _EVENTS_FEATURING(person_id=person_id)
    roles: dict[int, list[Participation]] = {}
    for participation in _ROLES_OF_PERSON(person_id=person_id):
        roles.setdefault(participation.event_id, []).append(participation)
    for event in events:
        event.roles_of_person = roles.get(event.pk, [])
    return events


def events_of_organization(organization_id: int) -> list[Event]:
    """The published events the organization organized or partnered, latest first, each
    with ``roles_of_organization`` (its links to the event), as its page lists them: read by
    prepared queries, the events, then the organization's roles in them."""
    events = _EVENTS_OF_ORGANIZATION(organization_id=organization_id)
    roles: dict[int, list[EventOrganization]] = {}
    for link in _ROLES_OF_ORGANIZATION(organization_id=organization_id):
        roles.setdefault(link.event_id, []).append(link)
    for event in events:
        event.roles_of_organization = roles.get(event.pk, [])
    return events


_EVENTS_OF_ORGANIZATION = PreparedQuery(
    lambda *, organization_id: (
        Event.objects.published().organized_by(organization_id).for_short_lists().newest_first()
    )
)
_ROLES_OF_ORGANIZATION = PreparedQuery(
    lambda *, organization_id: EventOrganization.objects.filter(organization=organization_id)
)
_EVENTS_FEATURING = PreparedQuery(
    lambda *, person_id: (
        Event.objects.published()
        .filter(pk__in=Participation.objects.filter(person=person_id).values("event"))
        .for_short_lists()
        .newest_first()
    )
)
_ROLES_OF_PERSON = PreparedQuery(lambda *, person_id: Participation.objects.filter(person=person_id))


def listed_events(*, drafts: bool, **filters) -> EventQuerySet:
    """The events the event list shows for these filters: published ones only unless
    ``drafts`` (an editor previewing)."""
    events = Event.objects.visible(drafts=drafts)
    return events.matching(**filters)


UPCOMING_EVENT_ROWS = PreparedQuery(
    lambda *, now, start, stop, **filters: (
        listed_events(**filters)
        .for_cards()
        .prefetch_related(None)
        .upcoming_rows(now=now)
        .slice_by_key(start, stop)
    ),
    # Django writes a slice into the SQL, and a year's bounds are worked out from it.
    shaping=("start", "stop", "year"),
)
OTHER_EVENT_ROWS = PreparedQuery(
    lambda *, now, start, stop, **filters: (
        listed_events(**filters).for_cards().prefetch_related(None).other_rows(now=now)[start:stop]
    ),
    shaping=("start", "stop", "year"),
)


class EventOrganization(ChoiceLabels):
    """An organization that organized an event or partnered it."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        PARTNER = "partner", _("Partner")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="organizers", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="event_roles", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.ORGANIZER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("organizer or partner")
        verbose_name_plural = _("organizers and partners")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                name="event_organization_once",
                violation_error_message=_("This organization is already listed for this event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Participation(ChoiceLabels):
    class Role(models.TextChoices):
        # In programme order: the event page lists the roles in this order.
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        MAIN_SPEAKER = "main_speaker", _("Main speaker")
        SPEAKER = "speaker", _("Speaker")
        PANELIST = "panelist", _("Panelist")
        DISCUSSANT = "discussant", _("Discussant")
        CLOSING_REMARKS = "closing_remarks", _("Closing remarks")
        GUEST_OF_HONOUR = "guest_of_honour", _("Guest of honour")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    talk_title = models.CharField(_("talk title"), max_length=250, blank=True)
    highlight = models.TextField(
        _("highlight"), blank=True, help_text=_("What they said, in a sentence or two.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="participation_one_role_once",
                violation_error_message=_("This person is already listed in this role at this event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    @staticmethod
    def role_heading(role: str, count: int) -> str:
        headings = {
            Participation.Role.CHAIR: ngettext("Chair", "Chairs", count),
            Participation.Role.MODERATOR: ngettext("Moderator", "Moderators", count),
            Participation.Role.MAIN_SPEAKER: ngettext("Main speaker", "Main speakers", count),
            Participation.Role.SPEAKER: ngettext("Speaker", "Speakers", count),
            Participation.Role.PANELIST: ngettext("Panelist", "Panelists", count),
            Participation.Role.DISCUSSANT: ngettext("Discussant", "Discussants", count),
            Participation.Role.CLOSING_REMARKS: ngettext("Closing remarks", "Closing remarks", count),
            Participation.Role.GUEST_OF_HONOUR: ngettext("Guest of honour", "Guests of honour", count),
        }
        return headings[role]


class Recommendation(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("event")
    )
    text = models.TextField(_("recommendation"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"


class AgreementQuerySet(PublishedQuerySet):
    def newest_first(self) -> AgreementQuerySet:
        """Latest signed first; agreements whose signing date was not recorded come last."""
        return self.order_by(F("signed_on").desc(nulls_last=True), "title", "pk")

    def for_list(self) -> AgreementQuerySet:
        """The parties with their organizations and signatories, as a detail page names them."""
        return self.prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("organization", "signatory"))
        )

    def for_cards(self) -> AgreementQuerySet:
        """What an agreement card (``_agreement_card.html``) shows, and no other column: the
        parties by organization name, without signatories, summaries or texts."""
        return self.only(*AGREEMENT_CARD_FIELDS).prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("organization").only(
                    "agreement_id", "order", *columns_of("organization", ORGANIZATION_NAME_FIELDS)
                ),
                to_attr="card_parties",
            )
        )

    def for_detail(self) -> AgreementQuerySet:
        return (
            self.for_list()
            .select_related("signing_event")
            .prefetch_related(
                "areas",
                "topics",
                Prefetch(
                    "featured",
                    queryset=FeaturedPerson.objects.select_related("person").prefetch_related(
                        Prefetch(
                            "person__affiliations",
                            queryset=Affiliation.objects.filter(is_current=True).select_related(
                                "organization"
                            ),
                            to_attr="current_affiliations",
                        )
                    ),
                ),
            )
        )

    def in_year(self, year: int) -> AgreementQuerySet:
        return self.filter(signed_on__year=year)

    def with_status(self, status: str, *, today: datetime.date | None = None) -> AgreementQuerySet:
        """Agreements whose effective status (see ``Agreement.effective_status``) is ``status``."""
        today = today or current_time().date()
        lapsed = Q(legal_status=Agreement.LegalStatus.IN_FORCE, expires_on__lt=today)
        if status == Agreement.LegalStatus.IN_FORCE:
            return self.filter(legal_status=status).exclude(lapsed)
        if status == Agreement.LegalStatus.EXPIRED:
            return self.filter(Q(legal_status=status) | lapsed)
        return self.filter(legal_status=status)

    def with_party(self, organization: Organization) -> AgreementQuerySet:
        return self.filter(
            pk__in=AgreementParty.objects.filter(organization=organization).values("agreement")
        )

    def involving(self, person: Person) -> AgreementQuerySet:
        """Agreements the person signed or is featured in."""
        return self.filter(
            Q(pk__in=AgreementParty.objects.filter(signatory=person).values("agreement"))
            | Q(pk__in=FeaturedPerson.objects.filter(person=person).values("agreement"))
        )


class Agreement(PublishedRecord):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        AGREEMENT = "agreement", _("Agreement")
        LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")

    class LegalStatus(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MOU)
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, help_text=_("Leave empty if the date was not recorded.")
    )
    signed_city = models.CharField(_("signed in (city)"), max_length=100, blank=True)
    signed_country = CountryField(_("signed in (country)"), blank=True)
    signing_event = models.ForeignKey(
        Event,
        verbose_name=_("signing event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    legal_status = models.CharField(
        _("legal status"),
        max_length=12,
        choices=LegalStatus.choices,
        default=LegalStatus.IN_FORCE,
        db_index=True,
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    document = models.FileField(
        _("document (PDF)"), upload_to=RandomName("agreements"), blank=True, validators=[validate_pdf]
    )
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"))
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="agreements")
    organizations = models.ManyToManyField(
        Organization, through="AgreementParty", related_name="agreements", verbose_name=_("parties")
    )
    people = models.ManyToManyField(
        Person,
        through="FeaturedPerson",
        related_name="featured_in_agreements",
        verbose_name=_("people featured"),
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = [F("signed_on").desc(nulls_last=True), "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [models.Index(fields=["status", "signed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(expires_on__gte=F("signed_on")),
                name="agreement_expires_after_signing",
                violation_error_message=_("The agreement expires before it was signed."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return record_address("events:agreement_detail", self.slug)

    def slug_source(self) -> str:
        return self.title

    def search_document(self) -> dict:
        parties = ", ".join(str(p.organization) for p in self.parties.select_related("organization"))
        areas = ", ".join(area.name for area in self.areas.all())
        return {
            "title": self.title,
            "summary": self.summary,
            "body": " ".join(
                part for part in (strip_tags(self.body), parties, areas, self.signed_at) if part
            ),
            "date": self.signed_on,
        }

    def clean(self):
        super().clean()
        if self.signed_on and self.expires_on and self.expires_on < self.signed_on:
            raise ValidationError({"expires_on": _("The agreement expires before it was signed.")})

    @property
    def signed_at(self) -> str:
        """Where it was signed, on one line: "Islamabad, Pakistan"."""
        parts = (self.signed_city, country_name(self.signed_country))
        return ", ".join(part for part in parts if part)

    def effective_status(self, today: datetime.date | None = None) -> str:
        """The legal status, except that an agreement past its expiry date reads as expired
        even before an editor updates it."""
        today = today or current_time().date()
        if self.legal_status == self.LegalStatus.IN_FORCE and self.expires_on and self.expires_on < today:
            return self.LegalStatus.EXPIRED
        return self.legal_status

    def get_effective_status_display(self) -> str:
        return self.LegalStatus(self.effective_status()).label

    def areas_by_kind(self) -> list[tuple[str, list[AgreementArea]]]:
        groups: dict[str, list[AgreementArea]] = {}
        for area in self.areas.all():
            groups.setdefault(area.kind, []).append(area)
        return [(AREA_HEADINGS[kind], groups[kind]) for kind in AgreementArea.Kind.values if kind in groups]

    @property
    def party_links(self) -> Iterable[AgreementParty]:
        """The parties in order: ``card_parties`` from ``for_cards()``, else ``parties.all()``
        (``prefetched()``)."""
        return prefetched(self, "card_parties", "parties")

    def party_names(self, parties: Iterable[AgreementParty] | None = None) -> str:
        parties = self.party_links if parties is None else parties
        return " – ".join(party.organization.short_name or party.organization.name for party in parties)


class AgreementParty(ChoiceLabels):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organization"),
    )
    signatory = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_signatures",
        verbose_name=_("signatory"),
    )
    signatory_title = models.CharField(
        _("signed as"),
        max_length=200,
        blank=True,
        help_text=_('The signatory\'s position then, e.g. "Director".'),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="agreement_party_once",
                violation_error_message=_("This organization is already a party to this agreement."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class AgreementArea(ChoiceLabels):
    """One area of cooperation: a form it takes, a field, or a subject of focus."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Form of cooperation")
        FIELD = "field", _("Field")
        FOCUS = "focus", _("Focus area")
        PRIORITY = "priority", _("Immediate priority")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="areas", verbose_name=_("agreement")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FOCUS)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"],
                name="agreement_area_once",
                violation_error_message=_("This area is already listed for this agreement."),
            )
        ]

    def __str__(self) -> str:
        return self.name


AREA_HEADINGS = {
    AgreementArea.Kind.ACTIVITY: _("Forms of cooperation"),
    AgreementArea.Kind.FIELD: _("Fields"),
    AgreementArea.Kind.FOCUS: _("Focus areas"),
    AgreementArea.Kind.PRIORITY: _("Immediate priorities"),
}


class FeaturedPerson(ChoiceLabels):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="featured", verbose_name=_("agreement")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="agreement_features", verbose_name=_("person")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("person featured")
        verbose_name_plural = _("people featured")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person"],
                name="agreement_person_featured_once",
                violation_error_message=_("This person is already featured in this agreement."),
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


# Defined once the models it reads are.
EVENT_CARD_PREFETCHES = PreparedPrefetches(Event.objects.for_cards())
