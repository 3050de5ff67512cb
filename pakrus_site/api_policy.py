"""API defaults named in settings. Kept apart from ``api.py`` because DRF imports these
while ``rest_framework.views`` is still loading."""

from functools import cache

from django.utils.translation import gettext as _
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.throttling import UserRateThrottle

from .caching import CountCachingPaginator


class StandardPagination(PageNumberPagination):
    """Lists count their rows once per content generation, not on every page read."""

    django_paginator_class = CountCachingPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which copies every filter of the list and builds, binds and
    validates a form field for each on every read, detail reads included. Here the
    FilterSet holds only the filters the query sets, and a read that sets none is not
    filtered at all: a filter without a value filters nothing and cannot be invalid, so the
    rows and the errors are the same. (The browsable API's filter form still shows all.)"""

    def filter_queryset(self, request, queryset, view):
        filterset = self.valid_filterset(request, queryset, view)
        return queryset if filterset is None else filterset.qs

    def valid_filterset(self, request, queryset, view):
        """The FilterSet of the filters the query sets, validated (a 400 otherwise), or None
        when it sets none."""
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        names = filters_set(request.query_params, filterset_class.base_filters)
        if not names:
            return None
        filterset = narrowed(filterset_class, names)(**self.get_filterset_kwargs(request, queryset, view))
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        return filterset


def filters_set(params, filters) -> frozenset[str]:
    """The names of the ``filters`` that ``params`` gives a value for, under the name or a
    name made from it for a filter of several inputs (``published_min``)."""
    return frozenset(
        name for name in filters if any(key == name or key.startswith(f"{name}_") for key in params)
    )


@cache
def narrowed(filterset_class, names: frozenset[str]):
    """``filterset_class`` with only the filters ``names``; made once per combination."""
    narrow = type(filterset_class.__name__, (filterset_class,), {})
    narrow.base_filters = {name: f for name, f in filterset_class.base_filters.items() if name in names}
    return narrow


class ModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is public; each write needs the matching Django model permission."""


class StrictOrderingFilter(OrderingFilter):
    """An ordering the list does not offer is a 400 that names the choices: a partner who
    asked for ``ordering=updated`` must not page through an order they did not ask for.

    Records that tie on the asked order (two events with one title) follow in key order, so
    that each page holds the same records on every request and paging misses none."""

    def get_ordering(self, request, queryset, view):
        terms = [term.strip() for term in request.query_params.get(self.ordering_param, "").split(",")]
        terms = [term for term in terms if term]
        if terms:
            valid = self.remove_invalid_fields(queryset, terms, view, request)
            unknown = [term for term in terms if term not in valid]
            if unknown:
                choices = sorted(
                    name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
                )
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _(
                                "Unknown ordering “%(term)s”; use one of: %(choices)s, each optionally prefixed by “-”."
                            )
                            % {"term": unknown[0], "choices": ", ".join(choices)}
                        ]
                    }
                )
            if not any(term.lstrip("-") in ("pk", "id") for term in terms):
                terms.append("pk")
            return terms
        return self.get_default_ordering(view)


class TokenRateThrottle(UserRateThrottle):
    """The rate for signed-in clients only: anonymous clients have their own rate, which
    DRF's user throttle would otherwise cap a second time by address."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
