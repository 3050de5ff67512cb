"""The filters every API resource has, so partners can sync incrementally."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from .models import Topic, topic_with_slug


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


class TopicField(ModelChoiceField):
    """A topic slug, checked against the whole vocabulary as remembered per content
    generation (``topic_with_slug``) instead of a query; otherwise as Django's field, the
    same error for an unknown slug included."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.null_label is not None and value == self.null_value:
            return value
        self.validate_no_null_characters(value)
        slug = value.slug if isinstance(value, Topic) else str(value)
        topic = topic_with_slug(slug)
        if topic is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return topic


class TopicSlugFilter(django_filters.ModelChoiceFilter):
    """``?topic=<slug>``: the records tagged with that topic."""

    field_class = TopicField

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Topic slug."))
        super().__init__(field_name="topics", to_field_name="slug", queryset=Topic.objects.all(), **kwargs)
