"""One search over every public record.

Each searchable model provides ``search_document()`` (title, summary, body, date); this
module keeps one ``SearchEntry`` per record in step with saves and deletes, and answers
queries: PostgreSQL full-text search (weighted title > summary > body, prefix matching,
accents folded) when the database is PostgreSQL, a ranked substring match otherwise.
"""

from __future__ import annotations

import re
import unicodedata

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
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
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


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
            vector=SearchVector(Value(values["title_norm"]), weight="A", config="english")
            + SearchVector(Value(values["summary_norm"]), weight="B", config="english")
            + SearchVector(Value(normalize(body)), weight="C", config="english")
        )


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


def search(query: str, *, kind: str | None = None) -> QuerySet[SearchEntry]:
    """Published entries matching every word of ``query`` (as a prefix), best first."""
    terms = query_terms(query)
    entries = SearchEntry.objects.filter(is_published=True)
    if kind:
        entries = entries.filter(kind=kind)
    if not terms:
        return entries.none()
    if is_postgres():
        tsquery = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="english")
        return (
            entries.filter(vector=tsquery)
            .annotate(rank=SearchRank(F("vector"), tsquery))
            .order_by("-rank", F("date").desc(nulls_last=True), "pk")
        )
    for term in terms:
        entries = entries.filter(text_norm__contains=term)
    score = sum(
        (
            Case(
                When(title_norm__contains=term, then=Value(4)),
                When(summary_norm__contains=term, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for term in terms
        ),
        Value(0),
    )
    return entries.annotate(rank=score).order_by("-rank", F("date").desc(nulls_last=True), "pk")


def counts_by_kind(query: str) -> dict[str, int]:
    rows = search(query).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def highlight(text: str, query: str, *, width: int = 220) -> SafeString:
    """A window of ``text`` around the first match with every matching word in
    ``<mark>``; the text is escaped, only the marks are HTML."""
    terms = query_terms(query)
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
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
        for match in pattern.finditer(window_folded):
            marked.append(escape(window[position : match.start()]))
            marked.append(f"<mark>{escape(window[match.start() : match.end()])}</mark>")
            position = match.end()
    marked.append(escape(window[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(marked) + suffix)
