"""API defaults named in settings. Kept apart from ``api.py`` because DRF imports these
while ``rest_framework.views`` is still loading."""

from django.utils.translation import gettext as _
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


class ModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is public; each write needs the matching Django model permission."""


class StrictOrderingFilter(OrderingFilter):
    """An ordering the list does not offer is a 400 that names the choices: a partner who
    asked for ``ordering=updated`` must not page through an order they did not ask for."""

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
            return terms
        return self.get_default_ordering(view)


class TokenRateThrottle(UserRateThrottle):
    """The rate for signed-in clients only: anonymous clients have their own rate, which
    DRF's user throttle would otherwise cap a second time by address."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
