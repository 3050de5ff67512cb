"""Publications (books, edited volumes and their chapters, articles, papers, reviews) and
the people who wrote, edited, translated or reviewed them."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.db.models.functions import Lower
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit

from pakrus_site.addresses import record_address
from pakrus_site.files import RandomName, validate_image, validate_pdf
from pakrus_site.models import (
    ChoiceLabels,
    PublishedQuerySet,
    PublishedRecord,
    RichTextField,
    Status,
    Topic,
    prefetched,
)
from people.models import ORGANIZATION_NAME_FIELDS, PERSON_NAME_FIELDS, Organization, Person, columns_of

from .dates import DatePrecision, format_partial_date, iso_partial_date, truncate_date
from .validators import format_isbn, normalize_doi, normalize_isbn, validate_doi, validate_isbn


class IsbnField(models.CharField):
    """Accepts an ISBN-10 or ISBN-13 as printed (hyphens, spaces, an "ISBN" label) and
    stores the 13 digits of the ISBN-13, so one book has one value whatever was typed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 13)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_isbn(value) if value else value

    def formfield(self, **kwargs):
        # The form must let "ISBN 978-0-306-40615-7" through so the model can normalize it.
        return super().formfield(**{"max_length": 40, **kwargs})


class DoiField(models.CharField):
    """Accepts a DOI or its doi.org URL and stores the bare DOI (``10.1000/xyz123``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_doi(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": 300, **kwargs})


# What a link to a publication shows: its address, whether the public may follow it, its title.
WORK_REFERENCE_FIELDS = ("slug", "status", "kind", "title", "subtitle", "title_is_supplied")
PUBLICATION_CARD_FIELDS = (
    "published_on",
    "date_precision",
    "cover",
    "cover_alt",
    "parent",
    "reviewed_work",
    "publisher_name",
    "outlet_name",
)


class PublicationQuerySet(PublishedQuerySet):
    def with_contributors(self) -> PublicationQuerySet:
        """Contributions in order, with their people: what a citation or a card needs."""
        return self.prefetch_related(
            Prefetch("contributions", queryset=Contribution.objects.select_related("person"))
        )

    def for_list(self) -> PublicationQuerySet:
        return self.select_related("publisher", "outlet", "parent", "reviewed_work").with_contributors()

    def for_cards(self) -> PublicationQuerySet:
        """What a publication card (``_publication_card.html``) shows, and no other column.
        The volumes and reviewed works are read apart: joining them too made PostgreSQL
        spend longer planning the page's query than running it."""
        works = Publication.objects.only(*WORK_REFERENCE_FIELDS)
        return (
            self.select_related("publisher", "outlet")
            .only(
                *WORK_REFERENCE_FIELDS,
                *PUBLICATION_CARD_FIELDS,
                *columns_of("publisher", ORGANIZATION_NAME_FIELDS),
                *columns_of("outlet", ORGANIZATION_NAME_FIELDS),
            )
            .prefetch_related(
                Prefetch("parent", queryset=works),
                Prefetch("reviewed_work", queryset=works),
                Prefetch(
                    "contributions",
                    queryset=Contribution.objects.select_related("person").only(
                        "publication_id", "role", "order", *columns_of("person", PERSON_NAME_FIELDS)
                    ),
                    to_attr="card_contributions",
                ),
            )
        )

    def with_details(self) -> PublicationQuerySet:
        """Everything a detail page, its citations and its structured data show, in a fixed
        number of queries: the volume of a chapter, the work a review reviews, the
        published chapters of a volume and the published reviews of a work."""
        contributions = Contribution.objects.select_related("person")
        related = Publication.objects.published().with_contributors()
        # The volume and the reviewed work are read by queries of their own, which run only
        # when the publication has one: joined in, with their publishers and outlets, they
        # made a query of seven tables that PostgreSQL took 7 ms to plan on every view.
        linked = Publication.objects.select_related("publisher", "outlet").prefetch_related(
            Prefetch("contributions", queryset=contributions)
        )
        return self.select_related("publisher", "outlet").prefetch_related(
            Prefetch("contributions", queryset=contributions),
            Prefetch("parent", queryset=linked),
            Prefetch("reviewed_work", queryset=linked),
            "topics",
            Prefetch("chapters", queryset=related.order_by("order", "pk"), to_attr="published_chapters"),
            Prefetch("reviews", queryset=related.select_related("outlet"), to_attr="published_reviews"),
        )

    def related_to_event(self, event, *, limit: int) -> PublicationQuerySet:
        """Up to ``limit`` works by the event's participants, then works sharing one of its
        topics, each newest first. Reads ``event.participations`` and ``event.topics`` as
        already fetched, so a detail page that prefetched them pays one query (and the
        prefetches)."""
        return self.related_to_keys(
            person_ids=sorted({participation.person_id for participation in event.participations.all()}),
            topic_ids=[topic.pk for topic in event.topics.all()],
            limit=limit,
        )

    def related_to_keys(
        self, *, person_ids: list[int], topic_ids: list[int], limit: int
    ) -> PublicationQuerySet:
        """``related_to_event()`` from the keys of the event's participants and topics, the
        plain values a prepared query takes."""
        if not (person_ids or topic_ids):
            return self.none()
        by_participants = Contribution.objects.filter(person__in=person_ids).order_by().values("publication")
        by_participant = Q(pk__in=by_participants)
        # Only the newest works on the topics can make the list: a handful of candidates to
        # sort instead of every work on a popular topic. One set of candidates (not two
        # conditions joined by OR) lets the database look them up by key.
        newest_on_topic = (
            self.filter(
                pk__in=Publication.topics.through.objects.filter(topic__in=topic_ids).values("publication")
            )
            .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
            .first_keys(limit)
        )
        candidates = by_participants.union(newest_on_topic, all=True)
        return (
            self.filter(pk__in=candidates)
            .annotate(
                by_participant=Case(
                    When(by_participant, then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                )
            )
            .order_by("-by_participant", F("published_on").desc(nulls_last=True), "title", "pk")
        )

    def works(self) -> PublicationQuerySet:
        """Everything but chapters, which are listed in their volume."""
        return self.exclude(kind=Publication.Kind.CHAPTER)

    def of_kind(self, kind: str) -> PublicationQuerySet:
        return self.filter(kind=kind)

    def matching(
        self,
        *,
        kind: str | None = None,
        topic_id: int | None = None,
        year: int | None = None,
        language: str | None = None,
    ) -> PublicationQuerySet:
        """The publication list's filters, each left out when None. Chapters are listed in
        their volume unless the kind asked for is chapters."""
        publications = self.of_kind(kind) if kind is not None else self.works()
        if topic_id is not None:
            publications = publications.about(topic_id)
        if year is not None:
            publications = publications.in_year(year)
        if language is not None:
            publications = publications.in_language(language)
        return publications

    def about(self, topic: Topic | int) -> PublicationQuerySet:
        return self.filter(topics=topic)

    def in_year(self, year: int) -> PublicationQuerySet:
        return self.filter(published_on__year=year)

    def in_language(self, language: str) -> PublicationQuerySet:
        return self.filter(language=language)

    def from_organization(self, organization: Organization) -> PublicationQuerySet:
        """Published by the organization or carried by it as an outlet."""
        return self.filter(Q(publisher=organization) | Q(outlet=organization))

    def years(self) -> list[int]:
        return [day.year for day in self.dates("published_on", "year", order="DESC")]

    def languages(self) -> list[str]:
        return list(self.order_by("language").values_list("language", flat=True).distinct())


class Publication(PublishedRecord):
    """A book, edited volume, chapter, article, paper, report or book review.

    Dates: ``published_on`` with ``date_precision`` (year, month or day); unknown parts are
    stored as 1, so "2025" is 2025-01-01 with precision "year". Show it with
    ``date_display`` and export it with ``date_iso`` ("2025", "2025-06", "2025-06-23").

    ISBN: stored as the 13 digits of the ISBN-13 (an ISBN-10 is converted), checksum
    verified; ``isbn_display`` hyphenates it. DOI: stored bare (``10.1000/xyz``).

    Publisher and outlet are each either an Organization in the directory or a free-text
    name, never both. Only chapters have a ``parent`` (an edited volume), a ``section``
    and an ``order``; only book reviews have a ``reviewed_work``.
    """

    class Kind(models.TextChoices):
        BOOK = "book", _("Book")
        EDITED_VOLUME = "edited_volume", _("Edited volume")
        CHAPTER = "chapter", _("Chapter")
        JOURNAL_ARTICLE = "journal_article", _("Journal article")
        RESEARCH_ARTICLE = "research_article", _("Research article")
        POLICY_PAPER = "policy_paper", _("Policy paper")
        REPORT = "report", _("Report")
        OP_ED = "op_ed", _("Op-ed")
        BOOK_REVIEW = "book_review", _("Book review")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        RUSSIAN = "ru", _("Russian")
        URDU = "ur", _("Urdu")
        TATAR = "tt", _("Tatar")
        AZERBAIJANI = "az", _("Azerbaijani")
        PERSIAN = "fa", _("Persian")
        PASHTO = "ps", _("Pashto")
        ARABIC = "ar", _("Arabic")
        CHINESE = "zh", _("Chinese")
        TURKISH = "tr", _("Turkish")
        FRENCH = "fr", _("French")
        GERMAN = "de", _("German")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BOOK)
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_(
            "The main title, without the subtitle. For a chapter whose title the source does "
            "not give, a short factual description of its subject (and tick the box below)."
        ),
    )
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    title_is_supplied = models.BooleanField(
        _("title supplied by editors"),
        default=False,
        help_text=_(
            "The source gives no title; the one above describes the subject. Shown in "
            "[square brackets], as library catalogues do."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("volume"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chapters",
        help_text=_("Chapters only: the edited volume the chapter appears in."),
    )
    section = models.CharField(
        _("section"),
        max_length=200,
        blank=True,
        help_text=_('Chapters only, e.g. "Section III: Economic, energy and technological cooperation".'),
    )
    order = models.PositiveSmallIntegerField(_("order in volume"), default=0)
    reviewed_work = models.ForeignKey(
        "self",
        verbose_name=_("reviewed work"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text=_("Book reviews only: the publication under review."),
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    publisher = models.ForeignKey(
        Organization,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications_as_publisher",
    )
    publisher_name = models.CharField(
        _("publisher (not in the directory)"),
        max_length=200,
        blank=True,
        help_text=_("Only when the publisher is not an organization in the directory."),
    )
    outlet = models.ForeignKey(
        Organization,
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications_as_outlet",
        help_text=_("The newspaper, website or institution that carried it."),
    )
    outlet_name = models.CharField(
        _("outlet (not in the directory)"),
        max_length=200,
        blank=True,
        help_text=_("A journal, newspaper or website that is not an organization in the directory."),
    )
    isbn = IsbnField(
        _("ISBN"),
        blank=True,
        validators=[validate_isbn],
        help_text=_("ISBN-10 or ISBN-13, with or without hyphens; the check digit is verified."),
    )
    doi = DoiField(
        _("DOI"),
        blank=True,
        validators=[validate_doi],
        help_text=_("10.xxxx/… or its https://doi.org/ address."),
    )
    pages = models.CharField(
        _("pages"), max_length=40, blank=True, help_text=_('Page range ("45–67") or count ("xii + 340").')
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    abstract = models.TextField(_("abstract"), blank=True)
    body = RichTextField(_("body"))
    cover = models.ImageField(
        _("cover"), upload_to=RandomName("covers"), blank=True, validators=[validate_image]
    )
    cover_thumbnail = ImageSpecField(
        source="cover", processors=[ResizeToFit(160, 240)], format="WEBP", options={"quality": 82}
    )
    cover_large = ImageSpecField(
        source="cover", processors=[ResizeToFit(400, 600)], format="WEBP", options={"quality": 85}
    )
    cover_alt = models.CharField(_("cover description"), max_length=200, blank=True)
    pdf = models.FileField(
        _("PDF"),
        upload_to=RandomName("publications"),
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    disclaimer = models.TextField(_("disclaimer"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="publications")
    contributors = models.ManyToManyField(
        Person, through="Contribution", related_name="publications", verbose_name=_("contributors")
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = [F("published_on").desc(nulls_last=True), "title", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            models.Index(fields=["status", "published_on"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["language"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(publisher__isnull=True) | Q(publisher_name=""),
                name="publication_one_publisher",
            ),
            models.CheckConstraint(
                condition=Q(outlet__isnull=True) | Q(outlet_name=""), name="publication_one_outlet"
            ),
            models.CheckConstraint(
                condition=Q(kind="chapter", parent__isnull=False)
                | (~Q(kind="chapter") & Q(parent__isnull=True, section="")),
                name="publication_only_chapters_are_in_a_volume",
            ),
            models.CheckConstraint(
                condition=Q(kind="book_review", reviewed_work__isnull=False)
                | (~Q(kind="book_review") & Q(reviewed_work__isnull=True)),
                name="publication_only_reviews_review_a_work",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="publication_not_its_own_volume"),
            models.CheckConstraint(
                condition=~Q(reviewed_work=F("pk")), name="publication_does_not_review_itself"
            ),
            models.UniqueConstraint(
                fields=["isbn"],
                condition=~Q(isbn=""),
                name="publication_unique_isbn",
                violation_error_message=_("Another publication already has this ISBN."),
            ),
            models.UniqueConstraint(
                Lower("doi"),
                condition=~Q(doi=""),
                name="publication_unique_doi",
                violation_error_message=_("Another publication already has this DOI."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return record_address("publications:publication_detail", self.slug)

    def slug_source(self) -> str:
        return self.title

    def search_document(self) -> dict:
        """What site search indexes: contributors and identifiers make a work findable by
        them (contributors added after the first save are indexed on the next one)."""
        people = ", ".join(str(c.person) for c in self.contributions.select_related("person"))
        identifiers = " ".join(part for part in (self.isbn, self.isbn_display, self.doi) if part)
        return {
            "title": self.display_title,
            "summary": self.abstract,
            "body": " ".join(part for part in (people, strip_tags(self.body), identifiers) if part),
            "date": self.published_on,
        }

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    @property
    def display_title(self) -> str:
        return f"[{self.full_title}]" if self.title_is_supplied else self.full_title

    @property
    def date_display(self) -> str:
        return format_partial_date(self.published_on, self.date_precision)

    @property
    def date_iso(self) -> str:
        return iso_partial_date(self.published_on, self.date_precision)

    @property
    def isbn_display(self) -> str:
        return format_isbn(self.isbn) if self.isbn else ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def publisher_display(self) -> str:
        return self.publisher.name if self.publisher else self.publisher_name

    @property
    def outlet_display(self) -> str:
        return self.outlet.name if self.outlet else self.outlet_name

    @property
    def public_parent(self) -> Publication | None:
        """The volume of a chapter, when the public may see it."""
        return self.parent if self.parent and self.parent.status == Status.PUBLISHED else None

    @property
    def public_reviewed_work(self) -> Publication | None:
        work = self.reviewed_work
        return work if work and work.status == Status.PUBLISHED else None

    @property
    def contribution_links(self) -> Iterable[Contribution]:
        """The contributions in order: ``card_contributions`` from ``for_cards()``, else
        ``contributions.all()``, prefetched by ``with_contributors()`` (``prefetched()``)."""
        return prefetched(self, "card_contributions", "contributions")

    def people_in_role(self, role: str) -> list[Person]:
        """From ``contribution_links``, in order."""
        return [c.person for c in self.contribution_links if c.role == role]

    @property
    def authors(self) -> list[Person]:
        return self.people_in_role(Contribution.Role.AUTHOR)

    @property
    def editors(self) -> list[Person]:
        return self.people_in_role(Contribution.Role.EDITOR)

    @property
    def creators(self) -> list[Person]:
        """Who a short citation names: the authors, else the editors, else the reviewers."""
        for role in (Contribution.Role.AUTHOR, Contribution.Role.EDITOR, Contribution.Role.REVIEWER):
            if people := self.people_in_role(role):
                return people
        return [c.person for c in self.contribution_links]

    def contributors_by_role(self) -> list[tuple[str, list[Person]]]:
        """[("Authors", [...]), ("Editor", [...])] in the order roles are defined."""
        groups = []
        for role in Contribution.Role:
            if people := self.people_in_role(role):
                groups.append((role_label(role, len(people)), people))
        return groups

    def clean(self):
        super().clean()
        errors = {}
        if self.publisher_id and self.publisher_name:
            errors["publisher_name"] = _(
                "Choose the publisher from the directory or type its name, not both."
            )
        if self.outlet_id and self.outlet_name:
            errors["outlet_name"] = _("Choose the outlet from the directory or type its name, not both.")
        if self.kind == self.Kind.CHAPTER:
            if self.parent is None:
                errors["parent"] = _("A chapter belongs to an edited volume: choose the volume.")
            elif self.parent.kind != self.Kind.EDITED_VOLUME:
                errors["parent"] = _("A chapter can only belong to an edited volume.")
            elif self.pk and self.parent.pk == self.pk:
                errors["parent"] = _("A volume cannot be a chapter of itself.")
        else:
            if self.parent_id:
                errors["parent"] = _(
                    "Only chapters belong to a volume: choose the kind “Chapter” or clear it."
                )
            if self.section:
                errors["section"] = _("Only chapters have a section.")
        if self.kind == self.Kind.BOOK_REVIEW:
            if self.reviewed_work is None:
                errors["reviewed_work"] = _("A book review needs the work it reviews.")
            elif self.pk and self.reviewed_work.pk == self.pk:
                errors["reviewed_work"] = _("A review cannot review itself.")
        elif self.reviewed_work_id:
            errors["reviewed_work"] = _(
                "Only book reviews have a reviewed work: choose the kind “Book review” or clear it."
            )
        if self.pk and self.kind != self.Kind.EDITED_VOLUME and self.chapters.exists():
            errors["kind"] = _("This volume has chapters; move or delete them before changing its kind.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Unknown month and day are stored as 1 whatever was typed, so years group and sort.
        if self.published_on:
            self.published_on = truncate_date(self.published_on, self.date_precision)
        super().save(*args, **kwargs)


def role_label(role: str, count: int) -> str:
    """A role as a heading over ``count`` people: "Author", "Authors", "Edited by"…"""
    labels = {
        Contribution.Role.AUTHOR: lambda n: ngettext("Author", "Authors", n),
        Contribution.Role.EDITOR: lambda n: ngettext("Editor", "Editors", n),
        Contribution.Role.CONTRIBUTOR: lambda n: ngettext("Contributor", "Contributors", n),
        Contribution.Role.TRANSLATOR: lambda n: ngettext("Translator", "Translators", n),
        Contribution.Role.REVIEWER: lambda n: ngettext("Reviewer", "Reviewers", n),
    }
    return labels[role](count)


class ContributionQuerySet(models.QuerySet):
    def works_of(self, person: Person) -> ContributionQuerySet:
        """A person's published works, grouped by role (authored first), newest first
        within a role; with what a one-line entry shows (the volume, the reviewed work)."""
        rank = Case(
            *(When(role=role, then=Value(i)) for i, role in enumerate(Contribution.Role.values)),
            output_field=models.IntegerField(),
        )
        return (
            self.filter(person=person, publication__status=Status.PUBLISHED)
            .select_related("publication__parent", "publication__reviewed_work")
            .annotate(role_rank=rank)
            .order_by(
                "role_rank",
                F("publication__published_on").desc(nulls_last=True),
                "publication__title",
                "pk",
            )
        )


class Contribution(ChoiceLabels):
    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        EDITOR = "editor", _("Editor")
        CONTRIBUTOR = "contributor", _("Contributor")
        TRANSLATOR = "translator", _("Translator")
        REVIEWER = "reviewer", _("Reviewer")

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("publication")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "person", "role"],
                name="contribution_once_per_role",
                violation_error_message=_("This person is already listed in this role."),
            )
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.publication.get_absolute_url()

    @property
    def role_heading(self) -> str:
        """The heading a person's page lists this work under."""
        return str(ROLE_HEADINGS[self.role])


ROLE_HEADINGS = {
    Contribution.Role.AUTHOR: _("As author"),
    Contribution.Role.EDITOR: _("As editor"),
    Contribution.Role.CONTRIBUTOR: _("As contributor"),
    Contribution.Role.TRANSLATOR: _("As translator"),
    Contribution.Role.REVIEWER: _("Reviews"),
}
