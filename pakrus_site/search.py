"""One search over every public record.

Each searchable model provides ``search_document()`` (title, summary, body, date); this
module keeps one ``SearchEntry`` per record in step with saves and deletes, and answers
queries: PostgreSQL full-text search (prefix matching, accents folded) when the database
is PostgreSQL, a substring match otherwise, with results ranked the same way on both:
title matches first, then title-or-summary matches, then the rest, newest first in each.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .models import SearchEntry

# kind → (model, one, many); the order is the order of the type filter on the page.
SEARCHABLE = {
    "event": ("events.Event", _("Event"), _("Events")),
    "agreement": ("events.Agreement", _("Agreement"), _("Agreements")),
    "publication": ("publications.Publication", _("Publication"), _("Publications")),
    "person": ("people.Person", _("Person"), _("People")),
    "organization": ("people.Organization", _("Organization"), _("Organizations")),
}
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """Case-folded, accents removed (ü→u, é→e); Cyrillic and Urdu letters are kept."""
    text = text or ""
    if text.isascii():  # nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if max(decomposed) <= "\uffff":
        return decomposed.translate(combining_marks()).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.cache
def combining_marks() -> dict[int, None]:
    """The combining marks of the Basic Multilingual Plane, for ``str.translate`` to drop:
    a search page normalizes dozens of titles and summaries to mark the words it found,
    and a Python loop over their characters cost more than the search."""
    return dict.fromkeys(code for code in range(0x10000) if unicodedata.combining(chr(code)))


def query_terms(query: str) -> list[str]:
    """The words of a query, normalized and bounded, so an absurd query is harmless."""
    return [t[:MAX_TERM_LENGTH] for t in WORD.findall(normalize(query))][:MAX_TERMS]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def searchable_models():
    for kind, (label, _one, _many) in SEARCHABLE.items():
        try:
            yield kind, apps.get_model(label)
        except LookupError:
            continue


def index_record(record) -> None:
    kind = next(k for k, model in searchable_models() if isinstance(record, model))
    document = record.search_document()
    title, summary, body = document["title"], document.get("summary", ""), document.get("body", "")
    values = {
        "kind": kind,
        "title": title[:500],
        "summary": summary,
        "url": record.get_absolute_url(),
        "date": document.get("date"),
        "is_published": record.is_published,
        "title_norm": normalize(title),
        "summary_norm": normalize(summary),
        "text_norm": normalize(" ".join((title, summary, body))),
    }
    entry, _ = SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, defaults=values
    )
    if is_postgres():
        SearchEntry.objects.filter(pk=entry.pk).update(
            **search_vectors(
                Value(values["title_norm"]), Value(values["summary_norm"]), Value(normalize(body))
            )
        )


def search_vectors(title, summary, body) -> dict[str, SearchVector]:
    """The three vectors of a ``SearchEntry`` (PostgreSQL), from expressions of its
    normalized title, summary and body: weights A, B and C in ``vector``, the title alone
    and the title with the summary in the two that tell a result's tier."""
    title_vector = SearchVector(title, weight="A", config="english")
    title_summary_vector = title_vector + SearchVector(summary, weight="B", config="english")
    return {
        "vector": title_summary_vector + SearchVector(body, weight="C", config="english"),
        "title_vector": title_vector,
        "title_summary_vector": title_summary_vector,
    }


def remove_record(record) -> None:
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).delete()


def rebuild_index() -> int:
    SearchEntry.objects.all().delete()
    count = 0
    for _kind, model in searchable_models():
        for record in model._default_manager.iterator(chunk_size=500):
            index_record(record)
            count += 1
    return count


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        index_record(instance)


def _on_delete(sender, instance, **kwargs):
    remove_record(instance)


def connect_signals() -> None:
    for _kind, model in searchable_models():
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")


# Within a tier of the results: newest first, then in the order entries were made. The
# newest-first indexes of migration 0004 follow this order.
NEWEST_FIRST = (F("date").desc(nulls_last=True), "pk")
# What a page of results shows; the normalized texts and vectors stay in the database.
RESULT_FIELDS = ("kind", "title", "summary", "url", "date")
# Up to this many matches, one query sorts them all (on PostgreSQL, 5 to 15 ms for a
# thousand, most of it spent finding them).
SORT_ALL_UP_TO = 1000


class Match:
    """What an entry must match to be a result of a query, every term as a prefix of a
    word on PostgreSQL and as a substring otherwise: ``anywhere``; and what puts a result
    in a better tier: ``in_title``, ``in_title_or_summary``."""

    def __init__(self, terms: list[str]):
        if is_postgres():
            tsquery = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="english")
            self.in_title = Q(title_vector=tsquery)
            self.in_title_or_summary = Q(title_summary_vector=tsquery)
            self.anywhere = Q(vector=tsquery)
        else:
            self.in_title = Q(*(Q(title_norm__contains=t) for t in terms))
            self.in_title_or_summary = Q(
                *(Q(title_norm__contains=t) | Q(summary_norm__contains=t) for t in terms)
            )
            self.anywhere = Q(*(Q(text_norm__contains=t) for t in terms))

    def tiers(self) -> list[Q]:
        """Every result is in one tier; the best tier first."""
        return [
            self.in_title,
            self.in_title_or_summary & ~self.in_title,
            self.anywhere & ~self.in_title_or_summary,
        ]

    def tier(self) -> Case:
        """The number of a result's tier, 0 for the best."""
        return Case(
            When(self.in_title, then=Value(0)),
            When(self.in_title_or_summary, then=Value(1)),
            default=Value(2),
        )


def _published(kind: str | None) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.filter(is_published=True)
    return entries.filter(kind=kind) if kind else entries


def matches(query: str) -> QuerySet[SearchEntry]:
    """Published entries matching every word of ``query``, in no particular order."""
    terms = query_terms(query)
    if not terms:
        return SearchEntry.objects.none()
    return _published(None).filter(Match(terms).anywhere)


class Results:
    """The results of a search, best first, read a page at a time (``results[40:60]``).

    Sorting every match costs time in proportion to their number (and ``ts_rank`` more:
    200 ms for a word in half the entries), so a query with many matches reads a page tier
    by tier instead, each tier newest first and only as far as the page reaches. For a
    broad query the first tier alone fills the page, and PostgreSQL reads it from the
    newest-first index (which carries the title and title-and-summary vectors), stopping
    after a page of entries; the page's rows are then fetched by primary key.

    A query with few matches (``total`` up to ``SORT_ALL_UP_TO``) sorts them all in one
    query: the index would be read further than needed when the matches sit far from the
    newest entries (people, which have no date, come last)."""

    def __init__(self, entries: QuerySet[SearchEntry], match: Match | None, *, total: int | None = None):
        self.entries = entries
        self.match = match
        self.total = total

    def count(self) -> int:
        if self.total is None:
            self.total = self.entries.filter(self.match.anywhere).count() if self.match else 0
        return self.total

    def __getitem__(self, window: slice) -> list[SearchEntry]:
        if not isinstance(window, slice) or window.step or window.stop is None:
            raise TypeError("Search results are read a page at a time, as results[start:stop].")
        start, stop = window.start or 0, window.stop
        if self.total is not None:
            stop = min(stop, self.total)
        if self.match is None or start >= stop:
            return []
        if self.total is not None and self.total <= SORT_ALL_UP_TO:
            return list(self._sorted()[start:stop])
        pks = self._page_by_tiers(start, stop)
        rows = SearchEntry.objects.only(*RESULT_FIELDS).in_bulk(pks) if pks else {}
        return [rows[pk] for pk in pks if pk in rows]

    def _sorted(self) -> QuerySet[SearchEntry]:
        return (
            self.entries.filter(self.match.anywhere)
            .alias(tier=self.match.tier())
            .order_by("tier", *NEWEST_FIRST)
            .only(*RESULT_FIELDS)
        )

    def _page_by_tiers(self, start: int, stop: int) -> list[int]:
        pks: list[int] = []
        skip = start  # results before the page not yet accounted for by a tier
        tiers = self.match.tiers()
        for number, tier in enumerate(tiers, start=1):
            wanted = stop - start - len(pks)
            if wanted <= 0:
                break
            in_tier = self.entries.filter(tier).order_by(*NEWEST_FIRST).values_list("pk", flat=True)
            found = list(in_tier[skip : skip + wanted])
            pks += found
            if found or not skip:
                skip = 0
            elif number < len(tiers):
                # The page starts after this tier: how far after depends on its size.
                skip -= in_tier.count()
        return pks


def search(query: str, *, kind: str | None = None, total: int | None = None) -> Results:
    """Published entries matching every word of ``query`` (as a prefix), best first:
    those with every word in the title, then those with every word in the title or
    summary, then the rest; newest first within each, then by primary key.

    ``total`` is the number of matches, when the caller knows it already: a query with
    few matches is then sorted in one go, and a page that ends with the last result does
    not look for more."""
    terms = query_terms(query)
    if not terms:
        return Results(SearchEntry.objects.none(), None, total=0)
    return Results(_published(kind), Match(terms), total=total)


def counts_by_kind(query: str) -> dict[str, int]:
    rows = matches(query).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


@functools.lru_cache(maxsize=64)
def highlighting(query: str) -> tuple[tuple[str, ...], re.Pattern | None]:
    """The words of ``query`` and the pattern that finds them, longest first; worked out
    once for the forty titles and summaries of a page of results."""
    terms = tuple(query_terms(query))
    if not terms:
        return terms, None
    return terms, re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


def highlight(text: str, query: str, *, width: int = 220) -> SafeString:
    """A window of ``text`` around the first match with every matching word in
    ``<mark>``; the text is escaped, only the marks are HTML."""
    terms, pattern = highlighting(query)
    if not text:
        return mark_safe("")
    folded = normalize(text)
    # normalize() can change lengths (ligatures); fall back to the start if it did.
    aligned = len(folded) == len(text)
    first = min((folded.find(t) for t in terms if aligned and t in folded), default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window, window_folded = text[start:end], folded[start:end] if aligned else ""
    marked = []
    position = 0
    if aligned and terms:
        for match in pattern.finditer(window_folded):
            marked.append(escape(window[position : match.start()]))
            marked.append(f"<mark>{escape(window[match.start() : match.end()])}</mark>")
            position = match.end()
    marked.append(escape(window[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(marked) + suffix)
