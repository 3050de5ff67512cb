import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from pakrus_site.filters import DateTimeFilter, RecordFilterSet, TopicSlugFilter
from pakrus_site.models import Status
from people.filters import visible_records
from people.models import Organization, Person

from .models import Agreement, Event, EventOrganization, Participation, Series


class EventFilter(RecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    topic = TopicSlugFilter()
    person = django_filters.ModelChoiceFilter(
        queryset=visible_records(Person),
        to_field_name="slug",
        method="filter_person",
        help_text=_("Slug of a person who took part, in any role."),
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=visible_records(Organization),
        to_field_name="slug",
        method="filter_organization",
        help_text=_("Slug of an organization that organized or partnered the event."),
    )
    series = django_filters.ModelChoiceFilter(
        queryset=Series.objects.all(), to_field_name="slug", help_text=_("Slug of the series.")
    )
    country = django_filters.ChoiceFilter(
        choices=countries, help_text=_("ISO 3166 alpha-2 code of the venue's country.")
    )
    starts_after = DateTimeFilter(
        field_name="starts_at",
        lookup_expr="gte",
        help_text=_(
            "Events starting at or after this ISO 8601 datetime (a date means its midnight in "
            "Asia/Karachi; give an offset such as +03:00 for another zone)."
        ),
    )
    starts_before = DateTimeFilter(
        field_name="starts_at",
        lookup_expr="lte",
        help_text=_("Events starting at or before this ISO 8601 datetime."),
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, help_text=_("Draft or published; only staff see drafts at all.")
    )

    class Meta:
        model = Event
        fields = [
            "kind", "topic", "person", "organization", "series", "country", "starts_after",
            "starts_before", "status", "updated_since",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.STR)
    def filter_person(self, events, name, person):
        return events.filter(pk__in=Participation.objects.filter(person=person).values("event"))

    @extend_schema_field(OpenApiTypes.STR)
    def filter_organization(self, events, name, organization):
        return events.filter(
            pk__in=EventOrganization.objects.filter(organization=organization).values("event")
        )


class AgreementFilter(RecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices)
    topic = TopicSlugFilter()
    person = django_filters.ModelChoiceFilter(
        queryset=visible_records(Person),
        to_field_name="slug",
        method="filter_person",
        help_text=_("Slug of a person who signed the agreement or is featured in it."),
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=visible_records(Organization),
        to_field_name="slug",
        method="filter_organization",
        help_text=_("Slug of an organization that is a party to the agreement."),
    )
    country = django_filters.ChoiceFilter(
        field_name="signed_country",
        choices=countries,
        help_text=_("ISO 3166 alpha-2 code of the country where it was signed."),
    )
    signed_after = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="gte", help_text=_("Signed on or after this date (YYYY-MM-DD).")
    )
    signed_before = django_filters.DateFilter(
        field_name="signed_on", lookup_expr="lte", help_text=_("Signed on or before this date (YYYY-MM-DD).")
    )
    legal_status = django_filters.ChoiceFilter(
        choices=Agreement.LegalStatus.choices,
        method="filter_legal_status",
        help_text=_("In force, expired or terminated; an agreement past its expiry date counts as expired."),
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, help_text=_("Draft or published; only staff see drafts at all.")
    )

    class Meta:
        model = Agreement
        fields = [
            "kind", "topic", "person", "organization", "country", "signed_after", "signed_before",
            "legal_status", "status", "updated_since",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.STR)
    def filter_person(self, agreements, name, person):
        return agreements.involving(person)

    @extend_schema_field(OpenApiTypes.STR)
    def filter_organization(self, agreements, name, organization):
        return agreements.with_party(organization)

    def filter_legal_status(self, agreements, name, value):
        return agreements.with_status(value)
