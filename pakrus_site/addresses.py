"""Addresses of records: every detail page's address differs from its neighbours' only by
the slug, so it is worked out once and filled in, instead of running the URL resolver for
each of the dozens of links a page or an API response holds."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# A slug as SlugField admits it: it reads the same anywhere in an address, unescaped.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_MARK = "__slug__"


class SlugAddress:
    """Addresses that differ from record to record only by the slug: made once for a
    stand-in slug, then filled in. A slug that would need escaping gets ``make``'s own answer."""

    def __init__(self, make: Callable[[str], str]) -> None:
        self.make = make
        head, mark, tail = make(SLUG_MARK).partition(SLUG_MARK)
        self.parts = (head, tail) if mark and SLUG_MARK not in tail else None

    def __call__(self, slug: str) -> str:
        if self.parts is None or not PLAIN_SLUG.fullmatch(slug):
            return self.make(slug)
        head, tail = self.parts
        return f"{head}{slug}{tail}"


def record_address(view_name: str, slug: str) -> str:
    """``reverse(view_name, kwargs={"slug": slug})``, the same answer for a fraction of the
    work."""
    return _addresses(view_name, get_script_prefix(), get_urlconf())(slug)


@functools.lru_cache(maxsize=64)
def _addresses(view_name: str, script_prefix: str, urlconf: str | None) -> SlugAddress:
    # The script prefix and URL configuration are part of the key: reverse() reads both.
    return SlugAddress(lambda slug: reverse(view_name, kwargs={"slug": slug}))


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _addresses.cache_clear()
