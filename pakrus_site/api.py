"""Pieces every API resource shares: pagination, the published-record viewset, model
validation for writes, the fast read path of the record serializers, and the error handler
that turns refused deletes into 409s."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, ProtectedError, QuerySet, UniqueConstraint
from django.db.models.manager import BaseManager
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from . import search
from .addresses import SlugAddress
from .api_policy import FilterBackend, ModelPermissions, StandardPagination, StrictOrderingFilter, filters_set
from .caching import CachedReadMixin
from .filters import RecordFilterSet
from .models import Status, Topic
from .prepared import PreparedList, PreparedQuery

# The filter backends of the settings, with django-filter's own in its lighter form.
FILTER_BACKENDS = [
    FilterBackend if backend is DjangoFilterBackend else backend
    for backend in api_settings.DEFAULT_FILTER_BACKENDS
]


class ModelCleanMixin:
    """Runs the model's own ``clean()`` on the data being written, so the API refuses
    exactly what the admin refuses, with the same messages, as field-level 400s."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = (
            model(**{f.attname: getattr(self.instance, f.attname) for f in model._meta.concrete_fields})
            if self.instance
            else model()
        )
        if self.instance:
            instance.pk = self.instance.pk
        for name, value in attrs.items():
            field = (
                model._meta.get_field(name) if name in {f.name for f in model._meta.get_fields()} else None
            )
            if field is not None and field.concrete and not field.many_to_many:
                setattr(instance, name, value)
        try:
            instance.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(_as_drf_detail(error)) from None
        return attrs


def _as_drf_detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


class WebUrlField(serializers.Field):
    """The record's public page, absolute."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        request = self.context.get("request")
        path = record.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


extend_schema_field({"type": "string", "format": "uri"})(WebUrlField)


def sees_drafts(request, model) -> bool:
    """Whether the client may see drafts of ``model``, by the very rule of
    ``PublishedQuerySet.visible_to`` (which returns its queryset unfiltered then)."""
    records = model._default_manager.all()
    return records.visible_to(getattr(request, "user", None)) is records


class SlugReferenceField(serializers.SlugRelatedField):
    """Another record by its slug. A slug with a null character cannot exist, and
    PostgreSQL refuses to look one up, so it is refused here with a field error."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError(_("Null characters are not allowed."), code="null_characters")
        return super().to_internal_value(data)


class VisibleSlugRelatedField(SlugReferenceField):
    """A reference to another published record. A draft reads as null for clients that may
    not see drafts, as the public pages leave it out."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, required=False, **kwargs)

    def to_representation(self, record):
        if record.is_published or sees_drafts(self.context.get("request"), type(record)):
            return super().to_representation(record)
        return None


# For the timestamps ``Reading.timestamp`` leaves to DRF: naive or out of range.
TIMESTAMP = serializers.DateTimeField(read_only=True)


class Reading:
    """What the read path works out once per response rather than once per field and row:
    which drafts the client may see, the addresses of records, the time zone of timestamps.
    Each method answers as the DRF field it names would."""

    def __init__(self, context: dict) -> None:
        self.request = context["request"]
        self.format = context.get("format")
        self.zone = timezone.get_current_timezone()
        self._drafts: dict = {}
        self._addresses: dict = {}
        self._countries: dict = {}

    def sees_drafts(self, model) -> bool:
        if model not in self._drafts:
            self._drafts[model] = sees_drafts(self.request, model)
        return self._drafts[model]

    def reference(self, model, slug: str, status: str) -> str | None:
        """``VisibleSlugRelatedField`` and ``NamedReferenceField``: the slug, or None for a
        draft the client may not see."""
        if status == Status.PUBLISHED or self.sees_drafts(model):
            return slug
        return None

    def api_url(self, view_name: str, *, format_suffix: bool = True) -> SlugAddress:
        """``HyperlinkedIdentityField(view_name=..., lookup_field="slug")``, which keeps the
        format suffix of the request (``.json``); without it, ``reverse(view_name, ...)``."""
        format = self.format if format_suffix else None
        key = ("api", view_name, format)
        if key not in self._addresses:
            self._addresses[key] = SlugAddress(
                lambda slug: reverse(view_name, kwargs={"slug": slug}, request=self.request, format=format)
            )
        return self._addresses[key]

    def web_url(self, model) -> SlugAddress:
        """``WebUrlField``: the record's public page, absolute."""
        key = ("web", model)
        if key not in self._addresses:
            self._addresses[key] = SlugAddress(
                lambda slug: self.request.build_absolute_uri(model(slug=slug).get_absolute_url())
            )
        return self._addresses[key]

    def timestamp(self, moment) -> str | None:
        """``DateTimeField``: ISO 8601 in the current time zone, UTC written as Z."""
        if not moment:
            return None
        if not timezone.is_aware(moment):
            return TIMESTAMP.to_representation(moment)
        try:
            text = moment.astimezone(self.zone).isoformat()
        except OverflowError:
            return TIMESTAMP.to_representation(moment)
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    @staticmethod
    def date(day) -> str | None:
        """``DateField``."""
        return day.isoformat() if day else None

    def file(self, file) -> str | None:
        """``FileField`` and ``ImageField``: the upload's absolute address, None without one."""
        if not file:
            return None
        try:
            url = file.url
        except AttributeError:
            return None
        return self.request.build_absolute_uri(url)

    def country(self, country) -> str:
        """django-countries' ``CountryField`` of a model's country: the alpha-2 code, or an
        empty string."""
        code = country.code
        if code not in self._countries:
            self._countries[code] = country.countries.alpha2(code)
        return self._countries[code]


def rows_by_parent(rows: Iterable[tuple]) -> dict[object, list[list]]:
    """The rows of a ``values_list`` whose first column is the parent's key, grouped by it
    in their order, without that column."""
    grouped = defaultdict(list)
    for key, *values in rows:
        grouped[key].append(values)
    return grouped


class NestedRows:
    """The rows of a nested list (participants, contributors…) for a page of records:
    ``build(keys)`` gives a ``values_list`` whose first column is the parent's key. Read by
    a prepared query, so a page of the API does not build and compile it again."""

    def __init__(self, build: Callable[[list], QuerySet]):
        self.query = PreparedQuery(lambda *, keys: build(keys))

    def __call__(self, keys: list) -> dict[object, list[list]]:
        return rows_by_parent(self.query(keys=keys))


def _topic_slug_rows(model) -> PreparedQuery:
    field = model.topics.field
    own, topic = field.m2m_field_name(), field.m2m_reverse_field_name()
    return PreparedQuery(
        lambda *, keys: (
            field.remote_field.through.objects.filter(**{f"{own}__in": keys})
            .order_by(f"{topic}__name")
            .values_list(f"{own}_id", f"{topic}__slug")
        )
    )


_TOPIC_SLUG_ROWS: dict[type[Model], PreparedQuery] = {}


def topic_slugs(model, keys: list) -> dict[object, list[str]]:
    """The slugs of the topics of each record of ``model`` (by key), in the order of
    ``SlugReferenceField(many=True)`` over ``record.topics``: by name, as topics sort."""
    query = _TOPIC_SLUG_ROWS.get(model)
    if query is None:
        query = _TOPIC_SLUG_ROWS[model] = _topic_slug_rows(model)
    rows = query(keys=keys)
    grouped = defaultdict(list)
    for key, slug in rows:
        grouped[key].append(slug)
    return grouped


class PageSerializer(serializers.ListSerializer):
    """Lets a ``FastReadMixin`` serializer represent a whole page at once, reading the
    nested rows of all its records together."""

    def to_representation(self, data):
        records = data.all() if isinstance(data, BaseManager) else data
        return self.child.represent(list(records))


class FastReadMixin:
    """The read path of a record serializer, built for lists: the JSON of each record is
    assembled directly, with its nested rows read for the whole page as plain columns,
    instead of going through DRF's fields one value at a time. ``read_records`` must give
    exactly what DRF's field-by-field representation gives (``field_by_field``, still used
    without a request); the serializer's fields keep defining the schema and the writes.
    Declare ``list_serializer_class = PageSerializer`` in ``Meta``, and list the mixin after
    ``ModelCleanMixin``: drf-spectacular describes a serializer by the first docstring along
    its bases."""

    def to_representation(self, record):
        return self.represent([record])[0]

    def represent(self, records: list) -> list[dict]:
        if not records:
            return []
        if self.context.get("request") is None or not all(isinstance(r, Model) for r in records):
            return [self.field_by_field(record) for record in records]
        return self.read_records(records, Reading(self.context))

    def field_by_field(self, record) -> dict:
        """DRF's own representation, field by field."""
        return super().to_representation(record)

    def read_records(self, records: list, read: Reading) -> list[dict]:
        """The representations of ``records``, in order: each record serializer reads its
        own columns and nested rows."""
        raise NotImplementedError(f"{type(self).__name__} must say how it reads its records.")


class PartSerializer(serializers.ModelSerializer):
    """One row of a nested list (a participant, a party, a contributor). A row is always
    written whole: in a PATCH of its parent, DRF would otherwise let it leave out required
    fields, and the database would refuse it."""

    def validate(self, attrs):
        missing = {
            name: [field.error_messages["required"]]
            for name, field in self.fields.items()
            if field.required and not field.read_only and field.source not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        return super().validate(attrs)


def validate_unique_parts(rows: list[dict], model, parent_field: str) -> None:
    """Nested parts written together must not repeat what the part's model allows once per
    parent (a person twice in the same role); the message is the model's own."""
    for constraint in model._meta.constraints:
        if not (isinstance(constraint, UniqueConstraint) and parent_field in constraint.fields):
            continue
        names = [name for name in constraint.fields if name != parent_field]
        seen = set()
        for row in rows:
            key = tuple(row.get(name) for name in names)
            if key in seen:
                raise serializers.ValidationError(constraint.violation_error_message)
            seen.add(key)


def replace_parts(parent, model, parent_field: str, rows: list[dict]) -> None:
    """Replaces all of ``parent``'s parts with ``rows``; a row without an ``order`` takes
    its position in the list (from 1). Call inside the transaction that saves the parent."""
    model._default_manager.filter(**{parent_field: parent}).delete()
    model._default_manager.bulk_create(
        model(**{parent_field: parent, "order": position, **row})
        for position, row in enumerate(rows, start=1)
    )


# Filter lookups that hand their value to the SQL as it is given.
PREPARED_LOOKUPS = frozenset({"exact", "gte", "lte"})


def preparable(list_filter) -> bool:
    """Whether a filter of the list may be applied by a prepared query: a plain lookup on a
    field, not a method of the FilterSet's own."""
    return (
        list_filter.method is None and not list_filter.exclude and list_filter.lookup_expr in PREPARED_LOOKUPS
    )


class PreparedListMixin:
    """Reads a list through a prepared query (``PreparedList``) rather than building and
    compiling its queryset on every read: the page's rows for the values of the filters the
    query sets, in the order it asks, each filter applied by its own ``filter()`` (in order
    of name) to the viewset's ``queryset`` as visible to the reader. A read that searches,
    or sets a filter that is a method of the FilterSet (an event's ``person``…), excludes,
    looks up other than exact, ``gte`` or ``lte``, or has a value that is not a key, text,
    date or time, is read by the ORM as before; so is every read of a viewset that reads
    its list in a way of its own (``get_queryset()``, ``filter_queryset()``, its filter
    backends). Invalid filters and orderings get the same 400."""

    def list(self, request, *args, **kwargs):
        records = self.prepared_records()
        if records is None:
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(records)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def prepared_records(self) -> PreparedList | None:
        query = prepared_list_query(type(self))
        if (
            query is None
            or self.paginator is None
            or self.request.query_params.get(api_settings.SEARCH_PARAM, "").strip()
        ):
            return None
        values = self.prepared_filter_values()
        if values is None:
            return None
        records, rows = query
        model = self.queryset.model
        drafts = sees_drafts(self.request, model)
        ordering = self.requested_ordering()
        return PreparedList(
            rows,
            model=model,
            name=f"api:{model._meta.label}",
            count=lambda: records(drafts=drafts, ordering="", **values).count(),
            page_size=self.paginator.get_page_size(self.request),
            reading={"ordering": ordering},
            drafts=drafts,
            **values,
        )

    def prepared_filter_values(self) -> dict | None:
        """The cleaned values of the filters the query sets, as plain values (a record as
        its key), or None when one cannot be prepared."""
        backend = FilterBackend()
        filterset_class = backend.get_filterset_class(self, self.queryset)
        names = filters_set(self.request.query_params, filterset_class.base_filters)
        # Seen before validating, so that a read the ORM answers is not validated twice.
        if not all(preparable(filterset_class.base_filters[name]) for name in names):
            return None
        filterset = backend.valid_filterset(self.request, self.queryset, self)
        if filterset is None:
            return {}
        values = {}
        for name in filterset.filters:
            value = filterset.form.cleaned_data.get(name)
            if value in EMPTY_VALUES:
                continue
            if isinstance(value, Model):
                value = value.pk
            if not isinstance(value, (str, int, datetime.date)) or isinstance(value, bool):
                return None
            values[name] = value
        return values

    def requested_ordering(self) -> str:
        """The ordering terms the list is read in (as ``StrictOrderingFilter`` gives them,
        a 400 for an unknown one), comma-separated; empty for the queryset's own."""
        ordering = StrictOrderingFilter().get_ordering(self.request, self.queryset, self)
        return ",".join(ordering or ())


# What a prepared list takes besides its filters' values.
LIST_READING = frozenset({"drafts", "ordering", "start", "stop"})


@functools.cache
def prepared_list_query(view_class) -> tuple[Callable[..., QuerySet], PreparedQuery] | None:
    """For a ``PreparedListMixin`` viewset: the build of its list for plain filter values
    (unsliced, to count), and the prepared query reading a page of it; None for a viewset
    that reads its list in a way of its own."""
    filterset_class = getattr(view_class, "filterset_class", None)
    if (
        filterset_class is None
        or view_class.get_queryset is not PublishedRecordViewSet.get_queryset
        or view_class.filter_queryset is not PublishedRecordViewSet.filter_queryset
        or list(view_class.filter_backends) != FILTER_BACKENDS
        or LIST_READING & set(filterset_class.base_filters)
    ):
        return None
    filters = filterset_class.base_filters

    def records(*, drafts: bool, ordering: str, **values) -> QuerySet:
        records = view_class.queryset.all().visible(drafts=drafts)
        for name in sorted(values):
            records = filters[name].filter(records, values[name])
        return records.order_by(*ordering.split(",")) if ordering else records

    rows = PreparedQuery(
        lambda *, start, stop, **values: records(**values)[start:stop],
        # The ordering's terms are written into the SQL, as is a page's slice.
        shaping=("start", "stop", "ordering"),
        # Filters, orderings, readers and page sizes: partners ask for many combinations.
        max_shapes=256,
    )
    return records, rows


class PublishedRecordViewSet(CachedReadMixin, PreparedListMixin, viewsets.ModelViewSet):
    """List and detail by slug; anonymous clients see published records only (from the
    cache when nothing changed), staff see drafts; writes need a token and the model
    permission."""

    lookup_field = "slug"
    permission_classes = [ModelPermissions]
    pagination_class = StandardPagination
    filter_backends = FILTER_BACKENDS

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        # Nested parts are written after the record itself; index once they exist.
        search.index_record(serializer.save())

    def perform_update(self, serializer):
        search.index_record(serializer.save())


def api_exception_handler(exc, context):
    if isinstance(exc, ProtectedError):
        blockers = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        return Response(
            {
                "detail": "This record cannot be deleted while other records point at it.",
                "referenced_by": blockers,
            },
            status=status.HTTP_409_CONFLICT,
        )
    response = exception_handler(exc, context)
    # Every 400 has the same shape, messages keyed by field, even when DRF raised a bare
    # list (the search filter does for null characters).
    if response is not None and response.status_code == 400 and isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    if response is not None and response.status_code == 400:
        response.data = _encodable(response.data)
    return response


def _encodable(data):
    """Error messages quote the values they refuse; a lone surrogate (``"\\ud800"`` is valid
    JSON) cannot be written as UTF-8, so it is quoted as its escape instead."""
    if isinstance(data, dict):
        return {_encodable(key): _encodable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_encodable(item) for item in data]
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return data.encode("utf-8", "backslashreplace").decode("utf-8")
    return data


class TopicSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")
    web_url = WebUrlField()

    class Meta:
        model = Topic
        fields = ["url", "web_url", "slug", "name", "description", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"slug": {"required": False}}


class TopicFilter(RecordFilterSet):
    class Meta:
        model = Topic
        fields = ["updated_since"]


class TopicInUse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This topic is still used by published records; remove it from them first."
    default_code = "topic_in_use"


class TopicViewSet(CachedReadMixin, viewsets.ModelViewSet):
    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    lookup_field = "slug"
    permission_classes = [ModelPermissions]
    pagination_class = StandardPagination
    filter_backends = FILTER_BACKENDS
    filterset_class = TopicFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "updated_at"]

    def perform_destroy(self, instance):
        if instance.is_in_use():
            raise TopicInUse()
        instance.delete()
