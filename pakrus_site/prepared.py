"""Queries the ORM builds and compiles once per process, then runs with each call's values.

On a detail page, building querysets (every ``filter()`` clones one) and compiling them
to SQL cost more than PostgreSQL took to run them: an event page spent about a quarter
of its time compiling alone, for ten queries whose shape never changes. A ``PreparedQuery`` takes a
function that builds the queryset from plain values (keys, slugs, lists of keys, a
time). The first call of each shape (which values are None or booleans, how long each
list is, which database and time zone) builds and compiles it twice, with two sets of
stand-in values, and keeps the SQL and where each value goes in its parameters. Later
calls put their values in and run that SQL, building model instances as the ORM does
(deferred fields, ``select_related``, annotations), then read the queryset's prefetches
the same way, one prepared query per relation, shared by all the shapes.

The build must depend on its arguments only, and take them in the form the database
holds them (a slug as stored, not a value a field would first normalise). The two
compilations catch a value the SQL does not carry as given (a lookup that escapes,
folds or trims it), and anything else that differs between them, such as the current
time; they cannot catch what changes more slowly (today's date, a setting), and a value
goes to the database as it is (an integer no column can hold is the caller's to refuse).
A shape that cannot be prepared, or whose prefetch cannot be, is logged as an error and
answered by the ORM while the query keeps that shape, never a failed request.

Supported: querysets of model instances, ``values()`` and ``values_list()`` (not named),
and prefetches of a reverse foreign key, a many-to-many field or a forward foreign key,
reached directly or through relations ``select_related`` already read
(``"person__affiliations"``). Lists are for ``__in`` lookups: each is padded to a power of
two by repeating its last item, so that few lengths make a shape.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
)
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
    normalize_prefetch_lookups,
)
from django.utils import timezone
from django.utils.timezone import get_current_timezone_name

from .caching import remember

Build = Callable[..., models.QuerySet]

logger = logging.getLogger(__name__)

# Stand-ins inside the range of every integer column, small ones included: Django 5 drops
# (or empties) a lookup on an integer the column could not hold.
_STAND_IN_INTS = (30_001, 31_001)
_STAND_IN_TIMES = (
    datetime.datetime(2201, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2202, 1, 1, tzinfo=datetime.UTC),
)


class PreparedQueryError(Exception):
    """A build that a prepared query cannot reuse, named with the reason."""


def _scalar_kind(value) -> str:
    # bool before int (a bool is an int), datetime before date (likewise).
    for kind in (bool, int, str, datetime.datetime, datetime.date):
        if isinstance(value, kind):
            if kind is datetime.datetime and settings.USE_TZ and timezone.is_naive(value):
                # The ORM would make it aware in the current time zone; a parameter would not.
                raise TypeError("A prepared query takes aware datetimes.")
            return kind.__name__
    raise TypeError(f"A prepared query takes keys, text, dates and times, not {type(value).__name__}.")


def _power_of_two_from(number: int) -> int:
    """The smallest power of two not below ``number`` (at least 1): lengths that round to
    the same one share a shape."""
    return 1 << (number - 1).bit_length()


def _padded(items: list | tuple) -> list:
    """A list for an ``__in`` lookup, padded to a power of two by repeating its last item:
    lists of 5 to 8 keys share one shape, and so on."""
    items = list(items)
    if items:
        items += [items[-1]] * (_power_of_two_from(len(items)) - len(items))
    return items


def _shape(values: dict[str, Any], shaping: frozenset[str]) -> tuple:
    """What decides the SQL: which values are None or which boolean they are, the kind of
    each other value, the length of each list, and the shaping values themselves."""
    parts = []
    for name in sorted(values):
        value = values[name]
        if name in shaping:
            parts.append((name, "=", None if value is None else _scalar_kind(value), value))
        elif value is None or isinstance(value, bool):
            parts.append((name, value))
        elif isinstance(value, (list, tuple)):
            kinds = {_scalar_kind(item) for item in value}
            if kinds - {"int", "str"}:
                raise TypeError(f"The list {name!r} may hold keys and text only.")
            parts.append((name, "list", len(value), tuple(sorted(kinds))))
        else:
            parts.append((name, _scalar_kind(value)))
    return tuple(parts)


def _stand_in(value, side: int, number: int):
    kind = _scalar_kind(value)
    if kind == "int":
        return _STAND_IN_INTS[side] + number
    if kind == "str":
        # Mixed case, spaces and the characters LIKE escapes: a lookup that folds case,
        # trims or escapes its value changes the stand-in, and is refused.
        return f" Prepared%_\\{'AB'[side]}{number}x "
    if kind == "datetime":
        return _STAND_IN_TIMES[side] + datetime.timedelta(minutes=number)
    return (_STAND_IN_TIMES[side] + datetime.timedelta(days=number)).date()


@dataclass(frozen=True)
class _Slot:
    """One parameter of the SQL that carries a value: ``values[name]``, or its item
    ``index`` for a list, turned into a parameter by ``adapt``."""

    position: int
    name: str
    index: int | None
    adapt: Callable[[Any], Any]


def _stand_ins(
    values: dict[str, Any], side: int, shaping: frozenset[str]
) -> tuple[dict[str, Any], list[tuple[str, int | None, Any]]]:
    """The values with each scalar (and each list item) replaced by a distinct stand-in,
    and where each stand-in went. Shaping values stay as they are."""
    replaced: dict[str, Any] = {}
    placed: list[tuple[str, int | None, Any]] = []
    for name in sorted(values):
        value = values[name]
        if value is None or isinstance(value, bool) or name in shaping:
            replaced[name] = value
        elif isinstance(value, (list, tuple)):
            items = []
            for index, item in enumerate(value):
                stand_in = _stand_in(item, side, len(placed))
                placed.append((name, index, stand_in))
                items.append(stand_in)
            replaced[name] = items
        else:
            stand_in = _stand_in(value, side, len(placed))
            placed.append((name, None, stand_in))
            replaced[name] = stand_in
    return replaced, placed


def _adapters(connection, value) -> list[Callable[[Any], Any]]:
    """The ways a value may have been turned into a parameter, plainest first."""
    adapters: list[Callable[[Any], Any]] = [lambda item: item]
    if isinstance(value, datetime.datetime):
        adapters.append(connection.ops.adapt_datetimefield_value)
    elif isinstance(value, datetime.date):
        adapters.append(connection.ops.adapt_datefield_value)
    return adapters


# What each kind of queryset gives for a row: a record, a dict, a tuple, a single value.
_ROW_KINDS = {
    ModelIterable: "records",
    ValuesIterable: "dicts",
    ValuesListIterable: "tuples",
    FlatValuesListIterable: "values",
}


def _compiled(queryset: models.QuerySet, connection) -> tuple[str | None, tuple, Any]:
    if queryset._iterable_class not in _ROW_KINDS or queryset._known_related_objects:
        raise PreparedQueryError(
            "A prepared query reads records, values() or values_list(), not named rows or a related manager's."
        )
    compiler = queryset.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, (), compiler
    return (sql or None), tuple(params), compiler


@dataclass
class _Statement:
    """One shape of a prepared query: its SQL, the parameters that carry values, and what
    the ORM worked out to build instances from its rows."""

    sql: str | None
    params: tuple
    slots: list[_Slot]
    compiler: Any
    prefetches: list[_Prefetch]
    row_kind: str = "records"
    names: list[str] = field(default_factory=list)
    model: type[models.Model] | None = None
    init_list: list[str] = field(default_factory=list)
    model_columns: slice = field(default_factory=lambda: slice(0))
    populators: list = field(default_factory=list)
    annotations: dict[str, int] = field(default_factory=dict)

    @classmethod
    def compile(
        cls,
        build: Build,
        values: dict[str, Any],
        connection,
        shaping: frozenset[str],
        prefetches: Callable[[models.QuerySet], list[_Prefetch]],
    ) -> _Statement:
        side_a, placed_a = _stand_ins(values, 0, shaping)
        side_b, placed_b = _stand_ins(values, 1, shaping)
        queryset, other = build(**side_a), build(**side_b)
        sql_a, params_a, compiler = _compiled(queryset, connection)
        sql_b, params_b, _ = _compiled(other, connection)
        if sql_a != sql_b or len(params_a) != len(params_b):
            raise PreparedQueryError(
                f"The SQL of {build.__qualname__} changes with its values, not only its parameters."
            )
        if _prefetch_queries(queryset) != _prefetch_queries(other):
            # The related rows are read by queries of their own, compiled once: a value
            # inside one of them would be frozen there.
            raise PreparedQueryError(f"A prefetch of {build.__qualname__} changes with its values.")
        forms = {}
        for (name, index, stand_in_a), (_, _, stand_in_b) in zip(placed_a, placed_b, strict=True):
            for adapt in _adapters(connection, stand_in_a):
                forms.setdefault(_hashable(adapt(stand_in_a)), (name, index, adapt, adapt(stand_in_b)))
        slots = []
        for position, (param_a, param_b) in enumerate(zip(params_a, params_b, strict=True)):
            if param_a == param_b and type(param_a) is type(param_b):
                continue
            found = forms.get(_hashable(param_a))
            if found is None or found[3] != param_b:
                raise PreparedQueryError(
                    f"Parameter {position} of {build.__qualname__} changes between two builds but "
                    f"carries none of its values: the build reads something else, such as the time."
                )
            name, index, adapt, _ = found
            slots.append(_Slot(position, name, index, adapt))
        unused = {(name, index) for name, index, _ in placed_a} - {(slot.name, slot.index) for slot in slots}
        if sql_a is None and not any(
            isinstance(value, (list, tuple)) and not value for value in values.values()
        ):
            raise PreparedQueryError(
                f"{build.__qualname__} matches nothing for values that are not empty lists."
            )
        if unused and sql_a is not None:
            # Dropped by Django (an integer out of a column's range) or read by the build
            # in Python: either way the SQL does not carry it.
            raise PreparedQueryError(
                f"The SQL of {build.__qualname__} does not carry {sorted(unused)[0][0]!r}."
            )
        statement = cls(sql_a, params_a, slots, compiler, prefetches(queryset))
        statement.row_kind = _ROW_KINDS[queryset._iterable_class]
        query = queryset.query
        # As Django's ValuesIterable names the columns of values().
        statement.names = list(
            query.selected or [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        if sql_a is not None and statement.row_kind == "records":
            statement._learn_rows(compiler, connection.alias)
        return statement

    def _learn_rows(self, compiler, alias: str) -> None:
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        select_fields = klass_info["select_fields"]
        self.model_columns = slice(select_fields[0], select_fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in compiler.select[self.model_columns]]
        self.populators = get_related_populators(klass_info, compiler.select, alias)
        self.annotations = dict(compiler.annotation_col_map or {})

    def params_for(self, values: dict[str, Any]) -> list:
        params = list(self.params)
        for slot in self.slots:
            value = values[slot.name]
            params[slot.position] = slot.adapt(value if slot.index is None else value[slot.index])
        return params

    def run(self, values: dict[str, Any], connection) -> list[models.Model]:
        if self.sql is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params_for(values))
            rows = cursor.fetchall()
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        if self.row_kind != "records":
            return self._plain_rows(compiler, rows)
        records = []
        from_db, model_columns, init_list, alias = (
            self.model.from_db,
            self.model_columns,
            self.init_list,
            connection.alias,
        )
        for row in compiler.results_iter([rows]):
            record = from_db(alias, init_list, row[model_columns])
            for populator in self.populators:
                populator.populate(row, record)
            for name, column in self.annotations.items():
                setattr(record, name, row[column])
            records.append(record)
        for prefetch in self.prefetches:
            prefetch.read(records)
        return records

    def _plain_rows(self, compiler, rows: list) -> list:
        converted = compiler.results_iter([rows], tuple_expected=self.row_kind != "dicts")
        if self.row_kind == "dicts":
            names = self.names
            return [dict(zip(names, row, strict=True)) for row in converted]
        if self.row_kind == "values":
            return [row[0] for row in converted]
        return list(converted)


def _prefetch_queries(queryset: models.QuerySet) -> list:
    """The queryset's prefetch lookups with the SQL of their querysets, nested ones too."""
    described = []
    for lookup in normalize_prefetch_lookups(queryset._prefetch_related_lookups):
        nested = lookup.queryset
        if nested is None:
            described.append((lookup.prefetch_to, None))
            continue
        try:
            sql = str(nested.query)
        except EmptyResultSet:
            sql = ""
        described.append((lookup.prefetch_to, sql, _prefetch_queries(nested)))
    return described


def _hashable(value) -> Hashable:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class PreparedQuery:
    """``build(**values) -> QuerySet`` compiled once per shape and process; calling it
    with values returns the list of records the queryset would give, prefetches read.

    The build may branch on whether a value is None, or on a boolean, but not on other
    values: those are stand-ins when it is compiled. Values named in ``shaping`` are
    passed as they are and make a shape each (a page's offset, which Django writes into
    the SQL). Each query keeps its ``max_shapes`` most recently used shapes."""

    MAX_SHAPES = 64

    def __init__(self, build: Build, *, shaping: tuple[str, ...] = (), max_shapes: int = MAX_SHAPES):
        self.build = build
        self.shaping = frozenset(shaping)
        self.max_shapes = max_shapes
        self._statements: OrderedDict[tuple, _Statement | None] = OrderedDict()
        # The readers of prefetched relations, shared by the shapes (every page of a list
        # prefetches the same way): each keeps its own shapes of key lists.
        self._prefetches: dict[tuple, _Prefetch] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<PreparedQuery {self.build.__qualname__}>"

    def __call__(self, **values) -> list[models.Model]:
        values = {
            name: _padded(value) if isinstance(value, (list, tuple)) and name not in self.shaping else value
            for name, value in values.items()
        }
        connection = connections[DEFAULT_DB_ALIAS]
        # Django turns a year or a day into bounds in the current time zone when compiling.
        key = (connection.vendor, get_current_timezone_name(), _shape(values, self.shaping))
        with self._lock:
            known = key in self._statements
            statement = self._statements.get(key)
            if known:
                self._statements.move_to_end(key)
        if not known:
            try:
                statement = _Statement.compile(
                    self.build, values, connection, self.shaping, self._prefetches_of
                )
            except PreparedQueryError:
                statement = self._unprepared(values)
            with self._lock:
                self._statements[key] = statement
                while len(self._statements) > self.max_shapes:
                    self._statements.popitem(last=False)
        if statement is not None:
            try:
                return statement.run(values, connection)
            except PreparedQueryError:
                # A prefetch is found unsupported only once there are rows to read it for.
                with self._lock:
                    self._statements[key] = self._unprepared(values)
        return list(self.build(**values))

    def _unprepared(self, values: dict[str, Any]) -> None:
        # The ORM's answer is right where a prepared one cannot be: a shape no test met
        # must not fail each time it is asked for.
        logger.exception("%r cannot prepare %s; the ORM reads it.", self, _shape(values, self.shaping))

    def _prefetches_of(self, queryset: models.QuerySet) -> list[_Prefetch]:
        readers = []
        for description, prefetch in zip(
            _prefetch_queries(queryset), _Prefetch.all_of(queryset), strict=True
        ):
            key = repr(description)
            with self._lock:
                readers.append(self._prefetches.setdefault(key, prefetch))
        return readers


class PreparedPrefetches:
    """A queryset's prefetches, read onto records fetched some other way (several parts
    of one page of a list), each relation through a prepared query."""

    def __init__(self, queryset: models.QuerySet):
        self.prefetches = _Prefetch.all_of(queryset)

    def __call__(self, records: list[models.Model]) -> None:
        for prefetch in self.prefetches:
            prefetch.read(records)


@dataclass
class _Relation:
    """How to read one relation for many records: the prepared query of the related rows
    for a list of keys, each owner's key, each row's owner key, and where rows go."""

    name: str
    kind: str  # "reverse", "many", "forward"
    related: PreparedQuery
    owner_key: Callable[[models.Model], Any]
    row_key: Callable[[models.Model], Any]
    model_field: Any
    queryset: models.QuerySet | None

    @classmethod
    def of(cls, model: type[models.Model], name: str, queryset: models.QuerySet | None) -> _Relation:
        descriptor = getattr(model, name, None)
        if isinstance(descriptor, ManyToManyDescriptor) and not descriptor.reverse:
            return cls._many(descriptor.field, name, queryset)
        if isinstance(descriptor, ReverseManyToOneDescriptor) and not isinstance(
            descriptor, ManyToManyDescriptor
        ):
            return cls._reverse(descriptor.rel.field, name, queryset)
        if type(descriptor) is ForwardManyToOneDescriptor:
            return cls._forward(descriptor.field, name, queryset)
        raise PreparedQueryError(f"A prepared query cannot prefetch {model.__name__}.{name}.")

    @classmethod
    def _reverse(cls, foreign_key, name: str, queryset) -> _Relation:
        base = queryset if queryset is not None else foreign_key.model._default_manager.all()
        if base.query.is_sliced:
            raise PreparedQueryError(f"A prepared prefetch of {name} cannot be sliced.")
        (target,) = foreign_key.foreign_related_fields
        return cls(
            name,
            "reverse",
            PreparedQuery(_filtered(base, f"{foreign_key.name}__in")),
            owner_key=_attribute(target.attname),
            row_key=_attribute(foreign_key.attname),
            model_field=foreign_key,
            queryset=queryset,
        )

    @classmethod
    def _many(cls, many_field, name: str, queryset) -> _Relation:
        base = queryset if queryset is not None else many_field.remote_field.model._default_manager.all()
        if base.query.is_sliced:
            raise PreparedQueryError(f"A prepared prefetch of {name} cannot be sliced.")
        through = many_field.remote_field.through
        source = through._meta.get_field(many_field.m2m_field_name())
        connection = connections[DEFAULT_DB_ALIAS]
        quote = connection.ops.quote_name
        # As Django's own prefetch does: the join table's column says whose row it is.
        owner_column = f"{quote(through._meta.db_table)}.{quote(source.column)}"
        lookup = f"{many_field.related_query_name()}__in"

        def build(keys):
            return _related_to(base, lookup, keys).extra(select={"_prepared_owner": owner_column})

        build.__qualname__ = f"prefetch of {name}"
        (target,) = source.foreign_related_fields
        return cls(
            name,
            "many",
            PreparedQuery(build),
            owner_key=_attribute(target.attname),
            row_key=_attribute("_prepared_owner"),
            model_field=many_field,
            queryset=queryset,
        )

    @classmethod
    def _forward(cls, foreign_key, name: str, queryset) -> _Relation:
        if not foreign_key.remote_field.multiple:
            raise PreparedQueryError(f"A prepared query cannot prefetch the one-to-one {name}.")
        base = queryset if queryset is not None else foreign_key.remote_field.model._base_manager.all()
        if base.query.is_sliced:
            raise PreparedQueryError(f"A prepared prefetch of {name} cannot be sliced.")
        (target,) = foreign_key.foreign_related_fields
        return cls(
            name,
            "forward",
            PreparedQuery(_filtered(base.order_by(), f"{target.name}__in")),
            owner_key=_attribute(foreign_key.attname),
            row_key=_attribute(target.attname),
            model_field=foreign_key,
            queryset=queryset,
        )

    def read(self, owners: Sequence[models.Model], to_attr: str | None) -> None:
        if self.kind == "forward" and not to_attr:
            # As Django's prefetch does: a relation select_related already read is kept.
            owners = [owner for owner in owners if not self.model_field.is_cached(owner)]
        keys = list(dict.fromkeys(key for key in map(self.owner_key, owners) if key is not None))
        rows = self.related(keys=keys) if keys else []
        by_owner: dict[Any, list] = {}
        for row in rows:
            by_owner.setdefault(self.row_key(row), []).append(row)
        for owner in owners:
            found = by_owner.get(self.owner_key(owner), [])
            if self.kind == "forward":
                value = found[0] if found else None
                if to_attr:
                    setattr(owner, to_attr, value)
                else:
                    self.model_field.set_cached_value(owner, value)
                continue
            if self.kind == "reverse":
                # As Django's prefetch does: each row knows its owner without a query.
                for row in found:
                    if not self.model_field.is_cached(row):
                        self.model_field.set_cached_value(row, owner)
            if to_attr:
                setattr(owner, to_attr, found)
            else:
                self._give_manager(owner, found)

    def _give_manager(self, owner: models.Model, rows: list) -> None:
        manager = getattr(owner, self.name)
        rows_queryset = (
            # A copy: the manager marks the queryset it filters, and this one is shared.
            manager._apply_rel_filters(self.queryset._chain())
            if self.queryset is not None
            else manager.get_queryset()
        )
        rows_queryset._result_cache = rows
        rows_queryset._prefetch_done = True
        cache_name = (
            self.model_field.name if self.kind == "many" else self.model_field.remote_field.cache_name
        )
        if not hasattr(owner, "_prefetched_objects_cache"):
            owner._prefetched_objects_cache = {}
        owner._prefetched_objects_cache[cache_name] = rows_queryset


def _attribute(name: str) -> Callable[[models.Model], Any]:
    def read(record):
        return getattr(record, name)

    return read


def _related_to(base: models.QuerySet, lookup: str, keys: list) -> models.QuerySet:
    """``base`` narrowed to the rows of these owners as Django's own prefetch narrows it:
    reusing the joins ``base`` already has, so a queryset that filters on the relation
    itself is not joined to it a second time."""
    related = base._chain()
    related.query.add_q(Q(**{lookup: keys}), reuse_all=True)
    return related


def _filtered(base: models.QuerySet, lookup: str) -> Build:
    def build(keys):
        return _related_to(base, lookup, keys)

    build.__qualname__ = f"prefetch of {base.model.__name__} by {lookup}"
    return build


@dataclass
class _Prefetch:
    """One of a queryset's prefetch lookups: the relations already read on the way
    (``select_related``), then the relation to read, with its own prepared query."""

    through: list[str]
    relation_name: str
    queryset: models.QuerySet | None
    to_attr: str | None
    relations: dict[type, _Relation] = field(default_factory=dict)

    @classmethod
    def all_of(cls, queryset: models.QuerySet) -> list[_Prefetch]:
        prefetches = []
        for lookup in normalize_prefetch_lookups(queryset._prefetch_related_lookups):
            *through, name = lookup.prefetch_through.split(LOOKUP_SEP)
            to_attr = lookup.to_attr if lookup.to_attr else None
            prefetches.append(cls(through, name, lookup.queryset, to_attr))
        return prefetches

    def read(self, records: list[models.Model]) -> None:
        owners = records
        for name in self.through:
            reached = []
            for owner in owners:
                descriptor = getattr(type(owner), name, None)
                if not isinstance(descriptor, ForwardManyToOneDescriptor) or not descriptor.is_cached(owner):
                    raise PreparedQueryError(
                        f"A prepared prefetch passes through {name} only when select_related read it."
                    )
                value = getattr(owner, name)
                if value is not None:
                    reached.append(value)
            owners = list({id(owner): owner for owner in reached}.values())
        if not owners:
            return
        model = type(owners[0])
        relation = self.relations.get(model)
        if relation is None:
            relation = self.relations[model] = _Relation.of(model, self.relation_name, self.queryset)
        relation.read(owners, self.to_attr)


def remembered_list_count(name: str, filters: dict[str, Any], count: Callable[[], int]) -> int:
    """``count()`` of a list, computed once per content generation and remembered under
    ``name`` and its filters' values: naming it by its SQL would mean building and
    compiling that first."""
    named = ",".join(f"{key}={'' if value is None else value}" for key, value in sorted(filters.items()))
    # Values may hold spaces (a time) or any text, which a cache key may not: they go in
    # as a digest.
    digest = hashlib.md5(named.encode(), usedforsecurity=False).hexdigest()
    # A year's bounds are in the current time zone.
    return remember(f"{name}:{get_current_timezone_name()}:{digest}", count)


class PreparedList:
    """A list a paginator can count and slice, each page read by ``rows``: a prepared query
    taking ``start`` and ``stop`` (shaping values), the list's filters and ``reading``,
    plain values. ``count`` is remembered under ``name`` and the filters
    (``remembered_list_count()``); ``reading`` holds what changes how the records are read
    but not which (an ordering), so that it does not make a count of its own. A page that
    ends past row ``PREPARED_ROWS`` is read by the ORM. With ``page_size``, a last page is
    read as a full page at its offset is, so that each count does not make a shape."""

    # Each page's offset is a shape of its own: a client paging through a whole list would
    # have every page compiled twice, then pushed out of the query's shapes by the next.
    PREPARED_ROWS = 200

    def __init__(
        self,
        rows: PreparedQuery,
        *,
        model: type[models.Model],
        name: str,
        count: Callable[[], int],
        page_size: int | None = None,
        reading: dict[str, Any] | None = None,
        **filters,
    ):
        self.rows = rows
        self.model = model
        self.filters = filters
        self.reading = reading or {}
        self.name = name
        self.page_size = page_size
        self._count = count

    def count(self) -> int:
        return remembered_list_count(self.name, self.filters, self._count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[models.Model]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError(f"{type(self).__name__} can only be sliced.")
        count = self.count()
        start, stop, _step = index.indices(count)
        if stop <= start:
            return []
        values = self.filters | self.reading
        if stop > self.PREPARED_ROWS:
            return list(self.rows.build(start=start, stop=stop, **values))
        wanted = stop - start
        if stop == count:
            # The last page: any limit from its length up reads the same rows, so it is read
            # with the page size, or its length rounded up to a power of two.
            limit = self.page_size if self.page_size and self.page_size >= wanted else None
            stop = start + (limit or _power_of_two_from(wanted))
        return self.rows(start=start, stop=stop, **values)[:wanted]
