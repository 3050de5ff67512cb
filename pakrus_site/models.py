"""What every public record shares: a slug, a draft/published status and timestamps,
plus the Topic vocabulary that events, publications, agreements and people hang on."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.contrib.auth import get_permission_codename
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from slugify import slugify

from .addresses import record_address
from .caching import remember

SLUG_MAX_LENGTH = 120


def unique_slug(instance: models.Model, text: str, *, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A readable ASCII slug for ``text`` (Cyrillic and Urdu are transliterated), made
    unique among the rows of ``instance``'s model by a numeric suffix."""
    base = slugify(text, max_length=max_length - 6, word_boundary=True) or "item"
    model = type(instance)
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=instance.pk)
        .values_list("slug", flat=True)
    )
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishedQuerySet(models.QuerySet):
    def published(self) -> PublishedQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user) -> PublishedQuerySet:
        """Staff who may view this kind of record in the admin see drafts (to preview them);
        everyone else, staff without that right included, sees published records."""
        return self.visible(drafts=self.shows_drafts_to(user))

    def visible(self, *, drafts: bool) -> PublishedQuerySet:
        """Every record when ``drafts``, published ones otherwise: ``visible_to()`` for a
        prepared query, which takes whether drafts show rather than the user."""
        return self if drafts else self.published()

    def shows_drafts_to(self, user) -> bool:
        opts = self.model._meta
        view_permission = f"{opts.app_label}.{get_permission_codename('view', opts)}"
        return user is not None and user.is_active and user.is_staff and user.has_perm(view_permission)

    def slice_by_key(self, start: int, stop: int) -> PublishedQuerySet:
        """Rows ``start:stop`` of this ordered queryset, found as keys first and read whole
        after. Where an index gives the matches but not their order, PostgreSQL then sorts
        narrow rows instead of every whole matching row to keep a page of them. Not for a
        queryset whose filters join a many-valued relation (several topics at once): its
        repeated rows would count in the slice."""
        return self.filter(pk__in=self.values("pk")[start:stop])

    def first_keys(self, limit: int) -> models.QuerySet:
        """The keys of this ordered queryset's first ``limit`` rows, as a query that can be
        one part of a UNION: the slice is wrapped in a query of its own, because SQLite
        allows no LIMIT in the parts of a UNION."""
        return self.model.objects.filter(pk__in=self.values("pk")[:limit]).order_by().values("pk")


def prefetched(record: models.Model, to_attr: str, related_name: str) -> Iterable:
    """The rows a ``Prefetch(related_name, ..., to_attr=to_attr)`` put on ``record``, else
    ``getattr(record, related_name).all()`` (from a prefetch if there is one, otherwise one
    query). Cards are read with ``to_attr``: to hand a manager its prefetched rows, Django
    builds a filtered queryset for each record, which made a quarter of the cost of reading
    twenty events with their organizers. The list is what was read with the record; unlike
    the manager's prefetch, ``refresh_from_db()`` does not drop it."""
    rows = getattr(record, to_attr, None)
    return rows if rows is not None else getattr(record, related_name).all()


@functools.cache
def choice_labels(field: models.Field, language: str | None) -> dict:
    """The label of each of ``field``'s choices (text, as every choice here has), by value,
    in ``language``; kept for the life of the process, as ``pakrus_site.datenames`` keeps
    month names."""
    with override(language):
        return {value: str(label) for value, label in field.flatchoices}


class ChoiceLabels(models.Model):
    """``get_FOO_display()`` as one lookup. Django's own builds a table of every choice on
    each call and translates all its labels to do so; on a list page, where each card shows
    a kind or a role, that was a large part of the page's cost. The labels are translated
    once per language."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> str:
        value = getattr(self, field.attname)
        labels = choice_labels(field, get_language())
        return labels[value] if value in labels else force_str(value, strings_only=True)


class PublishedRecord(ChoiceLabels):
    """Abstract base for every record the public can see."""

    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_("Part of the address. Leave empty to make one from the name."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publish date"),
        null=True,
        blank=True,
        help_text=_("Set automatically the first time the record is published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Slug and first publish date are derived data; filling them here keeps admin,
        # API and importers consistent.
        if not self.slug:
            self.slug = unique_slug(self, self.slug_source())
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def slug_source(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


# What editors may put in a rich-text body; the server drops everything else (scripts,
# event handlers, javascript: links, styles) whatever client posted it.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


class RichTextField(ProseEditorField):
    """A ProseMirror-edited HTML field that is sanitized on every save, not only when a
    form is validated, so API writes and imports are cleaned too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": RICH_TEXT_EXTENSIONS})
        kwargs.setdefault("sanitize", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or ""
        cleaned = self.sanitize(value)
        setattr(model_instance, self.attname, cleaned)
        return cleaned

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("config", None)
        return name, path, args, kwargs


class TopicQuerySet(models.QuerySet):
    def with_record_counts(self, *record_sets: models.QuerySet) -> list[Topic]:
        """The topics tagged on any row of ``record_sets`` (the visible records of each
        kind, every model with a ``topics`` relation), each with ``record_count``: a grouped
        count per kind in one query, so the cost does not grow with the number of topics."""
        grouped = [
            records.model.topics.through.objects.filter(
                **{f"{records.model._meta.model_name}__in": records.order_by().values("pk")}
            )
            .values_list("topic_id")
            .annotate(n=Count("pk"))
            .order_by()
            for records in record_sets
        ]
        counts: dict[int, int] = {}
        for topic_id, n in grouped[0].union(*grouped[1:], all=True) if grouped else []:
            counts[topic_id] = counts.get(topic_id, 0) + n
        topics = list(self.filter(pk__in=counts))
        for topic in topics:
            topic.record_count = counts[topic.pk]
        return topics


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return record_address("topic_detail", self.slug)

    def is_in_use(self) -> bool:
        """Whether any record is tagged with this topic (deleting it would untag them)."""
        return any(
            relation.related_model._default_manager.filter(**{relation.field.name: self}).exists()
            for relation in self._meta.related_objects
            if relation.many_to_many
        )


def topic_with_slug(slug: str) -> Topic | None:
    """The topic known by ``slug``. The vocabulary is small and read once per content
    generation, so a list or an API read filtered by topic does not look its topic up in
    the database on every view. The topic is shared by the requests of a process: read-only."""
    topics = remember("topics-by-slug", lambda: {topic.slug: topic for topic in Topic.objects.all()})
    return topics.get(slug)


class SearchEntry(models.Model):
    """One row per public record in the site search: its text normalized once at save
    time, so a search is a few indexed queries over every kind of record.

    On PostgreSQL ``vector`` carries title, summary and body (weights A, B and C) and finds
    the matches; ``title_vector`` and ``title_summary_vector`` tell which tier of the
    results a match belongs to (see ``search.search``). All three are GIN-indexed, and the
    newest-first indexes of published entries carry the two small ones, so that a page of
    the first two tiers is read from an index alone (migrations 0003 and 0004). On SQLite
    the ``*_norm`` columns serve the same tiers with substring matches.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    date = models.DateField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    title_norm = models.TextField(blank=True)
    summary_norm = models.TextField(blank=True)
    text_norm = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)
    title_summary_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_search_entry_per_record")
        ]
        indexes = [models.Index(fields=["is_published", "kind"])]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def get_kind_display(self) -> str:
        from .search import SEARCHABLE

        return str(SEARCHABLE[self.kind][1]) if self.kind in SEARCHABLE else self.kind
