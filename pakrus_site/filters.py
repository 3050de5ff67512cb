"""The filters every API resource has, so partners can sync incrementally."""

import django_filters
from django.utils.translation import gettext_lazy as _


class RecordFilterSet(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Only records changed at or after this ISO 8601 datetime (for incremental sync)."),
    )
