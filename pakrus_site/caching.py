"""The cache for anonymous visitors: public pages and API reads.

A page looks the same to every visitor who is not signed in, so it is rendered once and
then served from the cache. Staleness is handled by one site-wide *content generation*: a
token that every save, delete or many-to-many change of a content record replaces (and so
does every write request by a signed-in user or token client, which also covers bulk
writes that send no signals). Every cached entry carries the token it was made for and
is served only while that token is current, so one edit makes every cached page stale at
once, and nothing has to know which pages showed what. A request reads the token once.

The token is replaced when the change happens and again when its transaction commits, so
a page rendered from the old data in between cannot outlive the commit.

Where the token lives: in the cache itself when every process shares it (Redis; it comes
with the page in one round trip); in a small file when the cache is local to each process
(local memory), so that every worker on the machine sees an edit at once.

Never cached: anything for a signed-in user or a token client, requests with a session
cookie, responses that set a cookie (a CSRF token), use a CSP nonce, are private, vary on
anything but Cookie, or are not a plain 200. ``settings.PAGE_CACHE`` turns it all off.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import secrets
import threading
import time
from collections import OrderedDict, namedtuple
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.functional import cached_property

CONTENT_APPS = ("people", "events", "publications")
GENERATION_KEY = "content-generation"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Pages under these prefixes are never cached by the middleware: the admin is for signed-in
# editors, and the API caches its reads in the views, after authentication and throttling.
UNCACHED_PREFIXES = ("/admin/", "/api/")
NO_STORE = {"private", "no-store", "no-cache"}
# Remembered values need no expiry to be correct after an edit (it replaces the generation);
# the timeout frees the memory of old generations and bounds how long a write that sent no
# signal goes unseen.
MEMO_SECONDS = 3600
# How many remembered values a process keeps for the current generation. Counts of filtered
# lists and of searches vary with the query string, so the number is bounded; the least
# recently used is dropped first.
LOCAL_MEMO_ENTRIES = 512
MISSING = object()
T = TypeVar("T")
logger = logging.getLogger(__name__)


def _local_cache() -> bool:
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def _generation_file() -> Path:
    return Path(settings.PAGE_CACHE_GENERATION_FILE)


# What this request has learned of the generation: read once, then kept for the request.
_request_scope: ContextVar[dict | None] = ContextVar("page_cache_request", default=None)


def _new_generation() -> str:
    return secrets.token_hex(8)


def _stored_generation() -> str:
    if _local_cache():
        try:
            return _generation_file().read_text()
        except FileNotFoundError:
            return bump_generation()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def current_generation() -> str:
    """The token of the content as it is now; within a request, as it was when the request
    first asked (the request then sees one consistent state, and pays one read)."""
    scope = _request_scope.get()
    if scope is not None and "generation" in scope:
        return scope["generation"]
    generation = _stored_generation()
    if scope is not None:
        scope["generation"] = generation
    return generation


def bump_generation() -> str:
    """Makes every cached page and API response stale; returns the new token."""
    token = _new_generation()
    if _local_cache():
        path = _generation_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{token}")
        temporary.write_text(token)
        os.replace(temporary, path)
    else:
        cache.set(GENERATION_KEY, token, None)
    scope = _request_scope.get()
    if scope is not None:
        scope["generation"] = token
    return token


def cached_for_this_generation(key: str):
    """What the cache holds under ``key`` if it was stored for the current generation,
    else None. With a shared cache, the generation and the entry come in one round trip."""
    scope = _request_scope.get()
    if _local_cache() or (scope is not None and "generation" in scope):
        generation, entry = current_generation(), cache.get(key)
    else:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        if scope is not None:
            scope["generation"] = generation
        entry = found.get(key)
    return entry[1] if entry is not None and entry[0] == generation else None


def content_changed(sender=None, action: str | None = None, **kwargs) -> None:
    if action is not None and not action.startswith("post_"):
        return
    bump_generation()
    if connection.in_atomic_block:
        transaction.on_commit(bump_generation)


def content_models():
    from django.apps import apps

    from .models import Topic

    models = [Topic]
    for label in CONTENT_APPS:
        models.extend(apps.get_app_config(label).get_models())
    return models


def migrated(**kwargs) -> None:
    """After ``migrate`` (or ``flush``): a data migration changes records through historical
    models, which send no signal the page cache hears, so everything kept is made stale. A
    cache that cannot be reached must not fail a deploy: the pages then expire by age."""
    try:
        bump_generation()
    except Exception as error:  # any backend's connection error
        logger.warning("Cached pages and remembered values could not be made stale: %s", error)


def connect_signals() -> None:
    from django.apps import apps

    # Once per migrate run: the signal is sent for every app, this one included.
    post_migrate.connect(
        migrated, sender=apps.get_app_config("pakrus_site"), dispatch_uid="page-cache-migrate"
    )
    for model in content_models():
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )


class _LocalMemo:
    """The remembered values this process holds, all of one generation. A value read from
    the shared cache is unpickled once per process instead of on every page view, and the
    round trip for it is saved; a new generation starts an empty set. The least recently
    used value is dropped first. A value is kept for ``MEMO_SECONDS`` from when the process
    read it, as the cached copy is from when it was computed, so a write that sent no signal
    (``QuerySet.update()`` from a shell) still shows within twice that time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._values: OrderedDict[str, tuple[float, object]] = OrderedDict()

    def get(self, generation: str, name: str) -> object:
        with self._lock:
            if self._generation != generation:
                self._generation, self._values = generation, OrderedDict()
                return MISSING
            entry = self._values.get(name)
            if entry is None or entry[0] <= self._clock():
                return MISSING
            self._values.move_to_end(name)
            return entry[1]

    def keep(self, generation: str, name: str, value: object) -> None:
        with self._lock:
            if self._generation != generation:
                return  # the content changed meanwhile: the value belongs to the past
            self._values[name] = (self._clock() + MEMO_SECONDS, value)
            self._values.move_to_end(name)
            while len(self._values) > LOCAL_MEMO_ENTRIES:
                self._values.popitem(last=False)


_local_memo = _LocalMemo()


def remember(name: str, compute: Callable[[], T], *, shape: Callable[[T], Any] | None = None) -> Any:
    """A value derived from the content (a count, the choices of a filter), computed once
    and kept until the content changes. Always on: it is part of how pages are built, not
    the page cache.

    The value is kept in the cache (which every process shares when it is Redis), and
    each process also keeps the one it has read, for the generation it belongs to: the
    requests of a process share that object, so callers must treat it as read-only.
    ``shape`` turns the cached value into the one the process keeps and gives out (rows
    that cannot be pickled, say), once per process and generation."""
    generation = current_generation()
    value = _local_memo.get(generation, name)
    if value is not MISSING:
        return value
    key = f"memo:{generation}:{name}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, MEMO_SECONDS)
    if shape is not None:
        value = shape(value)
    _local_memo.keep(generation, name, value)
    return value


def query_key(queryset: QuerySet) -> str | None:
    """A short name for what ``queryset`` selects (None when it selects nothing)."""
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return None
    return hashlib.md5(f"{queryset.model._meta.label}|{sql}".encode(), usedforsecurity=False).hexdigest()


def remembered(queryset: QuerySet, *, name: str = "", fields: tuple[str, ...] = ()) -> list:
    """The rows of ``queryset``, read once per content generation. Known by ``name`` when
    the query is always the same one (naming it costs nothing), else by its SQL: a query
    that depends on the clock must then carry the moment as a value (as ``filter(
    starts_at__gte=now)`` does), never the database's own NOW().

    With ``fields``, each row is a light record of just those attributes instead of a
    model instance: unpickling a hundred instances of a filter menu on every page view
    costs more than the query it saves."""
    key = name or query_key(queryset)
    if key is None:
        return []
    if not fields:
        return list(remember(f"rows:{key}", lambda: list(queryset)))
    row = _row_type(fields)
    rows = remember(
        f"rows:{key}:{','.join(fields)}",
        lambda: list(queryset.values_list(*fields)),
        shape=lambda values: tuple(row(*value) for value in values),
    )
    return list(rows)


@functools.cache
def _row_type(fields: tuple[str, ...]) -> type:
    return namedtuple("Row", fields)


def remembered_count(queryset: QuerySet) -> int:
    """``queryset.count()``, counted once per content generation: a count over a big table
    costs more than the page it is shown on."""
    # Only which rows match matters: naming them by their keys alone is far cheaper to
    # compile than the query with its joins, columns and ordering.
    key = query_key(queryset if queryset.query.is_sliced else queryset.order_by().values("pk"))
    return 0 if key is None else remember(f"count:{key}", queryset.count)


class CountCachingPaginator(Paginator):
    """Counts each list once per content generation instead of on every page view."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return remembered_count(self.object_list)
        return super().count


def cache_key(prefix: str, request: HttpRequest, *parts: str) -> str:
    """Scheme, host, path and query (pages hold absolute links). Entries carry the
    generation they were made for, so the key does not: a newer entry replaces an old one."""
    address = "|".join((request.build_absolute_uri(), *parts))
    return f"{prefix}:{hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()}"


def _may_be_signed_in(request: HttpRequest) -> bool:
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "csp_nonce", None):
        return False
    cache_control = {
        part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")
    }
    if cache_control & NO_STORE:
        return False
    vary = {
        header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()
    }
    return vary <= {"cookie"}


class AnonymousPageCacheMiddleware:
    """Serves public pages to anonymous visitors from the cache. Sits inside the security,
    CSP and CORS middleware (which still add their headers to every response) and outside
    sessions, CSRF and authentication (which a cached page does not need)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        scope = _request_scope.set({})
        try:
            return self.respond(request)
        finally:
            _request_scope.reset(scope)

    def respond(self, request: HttpRequest):
        if not (
            settings.PAGE_CACHE
            and request.method == "GET"
            and not request.path.startswith(UNCACHED_PREFIXES)
            and not _may_be_signed_in(request)
        ):
            response = self.get_response(request)
            if request.method not in SAFE_METHODS and response.status_code < 400:
                user = getattr(request, "user", None)
                if user is not None and user.is_authenticated:
                    bump_generation()
            return response
        key = cache_key("page", request)
        cached = cached_for_this_generation(key)
        if cached is not None:
            content, headers = cached
            return get_conditional_response(
                request, etag=headers.get("ETag"), response=HttpResponse(content, headers=headers)
            )
        generation = current_generation()
        response = self.get_response(request)
        if _storable(request, response):
            cache.set(
                key,
                (generation, (response.content, dict(response.items()))),
                settings.PAGE_CACHE_SECONDS,
            )
        return response


class CachedReadMixin:
    """For API viewsets: list and detail reads by anonymous clients in JSON come from the
    cache. Runs after DRF's authentication, permissions and throttles, so a cached read is
    still counted against the client's rate."""

    def list(self, request, *args, **kwargs):
        return self._cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(super().retrieve, request, *args, **kwargs)

    def _cached(self, handler, request, *args, **kwargs):
        if not (
            settings.PAGE_CACHE
            and request.method == "GET"
            and request.auth is None
            and not request.user.is_authenticated
            and request.accepted_renderer.format == "json"
        ):
            return handler(request, *args, **kwargs)
        key = cache_key("api", request, request.accepted_media_type)
        cached = cached_for_this_generation(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        generation = current_generation()
        response = handler(request, *args, **kwargs)
        if response.status_code == 200:

            def store(rendered):
                entry = (rendered.content, rendered["Content-Type"])
                cache.set(key, (generation, entry), settings.PAGE_CACHE_SECONDS)

            response.add_post_render_callback(store)
        return response


class ReusedRedisClient(RedisCacheClient):
    """Django's Redis client with one redis-py client per connection pool. Django makes a
    new client for every cache operation, and redis-py fills a table of some 170 response
    callbacks each time: that costs more than a round trip to Redis. The client is
    thread-safe and its connections come from the pool, so one can be kept."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``ReusedRedisClient``."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedRedisClient
