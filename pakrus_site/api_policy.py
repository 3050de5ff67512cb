"""API defaults named in settings. Kept apart from ``api.py`` because DRF imports these
while ``rest_framework.views`` is still loading."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly

from .caching import CountCachingPaginator


class StandardPagination(PageNumberPagination):
    """Lists count their rows once per content generation, not on every page read."""

    django_paginator_class = CountCachingPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class ModelPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is public; each write needs the matching Django model permission."""
