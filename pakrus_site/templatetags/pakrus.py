import html
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pakrus_site import datenames

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (empty values dropped),
    so pagination and filters keep each other."""
    # A new QueryDict with the current lists, not GET.copy(): that deep-copies, and the
    # alphabet of the people list asks for twenty-seven of these.
    current = context["request"].GET
    params = QueryDict(mutable=True, encoding=current.encoding)
    for key, values in current.lists():
        params.setlist(key, list(values))
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    return params.urlencode()


@register.simple_tag
def json_ld(data: dict) -> str:
    """``<script type="application/ld+json">`` for schema.org data built in Python.

    Escapes ``<``, ``>`` and ``&`` as JSON unicode escapes (as Django's ``json_script``
    does), so no value can close the script element.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def day_month_year(day) -> str:
    """A ``DateField`` value as ``date:"j F Y"`` writes it ("23 June 2025"), without its
    cost (``pakrus_site.datenames``); nothing for no date. Not for datetimes: it does not
    move them to the current time zone as ``date`` does."""
    return datenames.day_month_year(day) if day else ""


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def options(choices, selected=None) -> str:
    """The ``<option>`` elements of a filter menu, the one for ``selected`` marked.

    ``choices`` holds ``(value, label)`` pairs, records (offered by slug, shown by name) or
    plain values such as years; ``selected`` is a value or a record. One call per menu: a template loop over a hundred
    organizations costs more than the rest of the page.
    """
    chosen = "" if selected in (None, "") else str(getattr(selected, "slug", selected))
    parts = []
    for choice in choices:
        if hasattr(choice, "slug"):
            value, label = choice.slug, choice.name
        elif isinstance(choice, (tuple, list)):
            value, label = choice
        else:
            value = label = choice
        value = str(value)
        marker = " selected" if chosen and value == chosen else ""
        # html.escape is what Django's escape() runs, without its handling of lazy strings
        # (a label is made a str first), once per choice of a hundred.
        parts.append(f'<option value="{html.escape(value)}"{marker}>{html.escape(str(label))}</option>')
    return mark_safe("".join(parts))
