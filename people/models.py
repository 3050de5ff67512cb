from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

from pakrus_site.addresses import record_address
from pakrus_site.countries import country_name
from pakrus_site.files import RandomName, validate_image
from pakrus_site.models import ChoiceLabels, PublishedQuerySet, PublishedRecord, Topic

from .validators import normalize_orcid, validate_orcid


class OrcidField(models.CharField):
    """Accepts an ORCID iD as people paste it (URL, no hyphens) and stores the bare,
    hyphenated form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 19)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_orcid(value) if value else value

    def formfield(self, **kwargs):
        # The form must let a pasted URL through so the model can normalize it.
        return super().formfield(**{"max_length": 60, **kwargs})


# The parts of a person's name, as ``Person.full_name`` and ``display_name`` read them.
PERSON_NAME_PARTS = ("honorific", "given_name", "patronymic", "family_name", "native_name")
# What a card shows of a person or an organization it names: the name, and the address and
# status a link to the record needs.
PERSON_NAME_FIELDS = ("slug", "status", *PERSON_NAME_PARTS)
ORGANIZATION_NAME_FIELDS = ("slug", "status", "name", "short_name")
# What a person card (``_person_card.html``) shows besides the name.
PERSON_CARD_FIELDS = (*PERSON_NAME_FIELDS, "country", "photo", "photo_alt")


def columns_of(relation: str, fields: Iterable[str]) -> list[str]:
    """``fields`` of the record at the end of ``relation``, as a query selects them."""
    return [f"{relation}__{field}" for field in fields]


class OrganizationQuerySet(PublishedQuerySet):
    def for_list(self) -> OrganizationQuerySet:
        return self.select_related("parent")

    def most_linked(self, link: str, **conditions) -> OrganizationQuerySet:
        """Organizations by how many of their ``link`` rows (``event_roles``,
        ``agreement_parties``...) meet ``conditions``, most first, then by name: what a
        filter menu offers first."""
        return (
            self.filter(**{f"{link}__{lookup}": value for lookup, value in conditions.items()})
            .annotate(links=Count(link))
            .order_by("-links", "name", "pk")
        )


class Organization(PublishedRecord):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        THINK_TANK = "think_tank", _("Think tank")
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        GOVERNMENT = "government", _("Government")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("Acronym, e.g. NIPS, CAPS, MGIMO.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True, db_index=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to=RandomName("logos"), blank=True, validators=[validate_image]
    )
    logo_small = ImageSpecField(
        source="logo", processors=[ResizeToFit(240, 240)], format="WEBP", options={"quality": 85}
    )
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="organizations")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["status", "name"]), models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self) -> str:
        return record_address("people:organization_detail", self.slug)

    def slug_source(self) -> str:
        return self.short_name or self.name

    def search_document(self) -> dict:
        return {
            "title": str(self),
            "summary": " · ".join(p for p in (self.get_kind_display(), self.location) if p),
            "body": self.description,
            "date": None,
        }

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, country_name(self.country)) if part)

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organization cannot be inside itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class PersonQuerySet(PublishedQuerySet):
    def for_cards(self) -> PersonQuerySet:
        """What a person card shows, and no other column: the current positions and the
        names of their organizations, without the biographies and descriptions a card never
        reads."""
        return self.only(*PERSON_CARD_FIELDS).prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.current_positions(),
                to_attr="current_affiliations",
            )
        )

    def for_profile(self) -> PersonQuerySet:
        """What a person's page and its structured data show of the person: every position
        with its organization, and the topics."""
        return self.prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")), "topics"
        )

    def alphabetical(self) -> PersonQuerySet:
        return self.order_by("sort_name", "pk")

    def starting_with(self, letter: str) -> PersonQuerySet:
        return self.filter(sort_name__istartswith=letter)

    def matching(
        self,
        *,
        letter: str | None = None,
        country: str | None = None,
        organization_id: int | None = None,
        topic_id: int | None = None,
    ) -> PersonQuerySet:
        """The people list's filters, each left out when None."""
        people = self
        if letter is not None:
            people = people.starting_with(letter)
        if country is not None:
            people = people.filter(country=country)
        if organization_id is not None:
            people = people.filter(
                pk__in=Affiliation.objects.filter(organization=organization_id).values("person")
            )
        if topic_id is not None:
            people = people.filter(topics=topic_id)
        return people


class Person(PublishedRecord):
    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, help_text=_('e.g. "Dr.", "Prof.", "Ambassador (Retd)".')
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    patronymic = models.CharField(
        _("patronymic"), max_length=100, blank=True, help_text=_('Russian names: "Ildarovich".')
    )
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    native_name = models.CharField(
        _("name in native script"), max_length=200, blank=True, help_text=_("Cyrillic or Urdu.")
    )
    sort_name = models.CharField(_("sort name"), max_length=200, editable=False, db_index=True)
    country = CountryField(_("country"), blank=True, db_index=True)
    photo = models.ImageField(
        _("photo"), upload_to=RandomName("people"), blank=True, validators=[validate_image]
    )
    photo_thumbnail = ImageSpecField(
        source="photo", processors=[ResizeToFill(160, 160)], format="WEBP", options={"quality": 82}
    )
    photo_portrait = ImageSpecField(
        source="photo", processors=[ResizeToFit(480, 600)], format="WEBP", options={"quality": 85}
    )
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    orcid = OrcidField(
        _("ORCID iD"),
        blank=True,
        validators=[validate_orcid],
        help_text=_("0000-0000-0000-0000; the check digit is verified."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(
        _("private email"), blank=True, help_text=_("For editors only: never shown publicly or in the API.")
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="people")
    organizations = models.ManyToManyField(
        Organization, through="Affiliation", related_name="people", verbose_name=_("organizations")
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["status", "sort_name"]),
            models.Index(fields=["status", "-published_at"], name="person_recently_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="", family_name="", native_name=""), name="person_has_a_name"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_name(self) -> str:
        parts = (self.given_name, self.patronymic, self.family_name)
        return " ".join(p for p in parts if p) or self.native_name

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.honorific, self.full_name) if p)

    def get_absolute_url(self) -> str:
        return record_address("people:person_detail", self.slug)

    def search_document(self) -> dict:
        positions = "; ".join(str(a) for a in self.affiliations.select_related("organization"))
        return {
            "title": " ".join(p for p in (self.display_name, self.native_name) if p),
            "summary": positions,
            "body": self.bio,
            "date": None,
        }

    def slug_source(self) -> str:
        latin = " ".join(p for p in (self.given_name, self.family_name) if p)
        return latin or self.native_name

    def clean(self):
        super().clean()
        if not (self.given_name or self.family_name or self.native_name):
            raise ValidationError(_("Give at least a given name, a family name or a name in native script."))

    def save(self, *args, **kwargs):
        # The directory sorts by family name; one-name people ("Dr. Ilsur") by that name.
        self.sort_name = (
            " ".join(p for p in (self.family_name, self.given_name, self.patronymic) if p) or self.native_name
        )
        super().save(*args, **kwargs)


class AffiliationQuerySet(models.QuerySet):
    def current_positions(self) -> AffiliationQuerySet:
        """Current positions as cards and structured data name them: the position, and the
        organization's name, kind and address, and no other column."""
        return (
            self.filter(is_current=True)
            .select_related("organization")
            .only("person_id", "position", *columns_of("organization", (*ORGANIZATION_NAME_FIELDS, "kind")))
        )


class Affiliation(ChoiceLabels):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="affiliations", verbose_name=_("organization")
    )
    position = models.CharField(_("position"), max_length=200, blank=True, help_text=_('e.g. "Director".'))
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-is_current", "-start_date", "pk"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["organization", "is_current"])]

    def __str__(self) -> str:
        where = self.organization.short_name or self.organization.name
        return f"{self.position}, {where}" if self.position else where

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
