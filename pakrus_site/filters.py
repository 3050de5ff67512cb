"""The filters every API resource has, so partners can sync incrementally."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class InRangeDateTimeField(forms.DateTimeField):
    """An ISO 8601 datetime, or a date meaning its midnight; without an offset it is read in
    the site's time zone. The value is passed on in UTC: PostgreSQL refuses offsets beyond
    ±16 hours that ISO 8601 allows, and a moment too close to year 1 or 9999 to have a UTC
    equivalent is refused here rather than by the database."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(_("This date and time is out of range."), code="overflow") from None


class DateTimeFilter(django_filters.DateTimeFilter):
    field_class = InRangeDateTimeField


class RecordFilterSet(django_filters.FilterSet):
    updated_since = DateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Only records changed at or after this ISO 8601 datetime (for incremental sync)."),
    )
