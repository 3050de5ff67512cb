import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from pakrus_site.filters import RecordFilterSet, TopicSlugFilter
from pakrus_site.models import Status
from people.filters import visible_records
from people.models import Organization, Person

from .models import Contribution, Publication


class PublicationFilter(RecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=Publication.Kind.choices)
    topic = TopicSlugFilter()
    person = django_filters.ModelChoiceFilter(
        queryset=visible_records(Person),
        to_field_name="slug",
        method="filter_person",
        help_text=_("Slug of a person who contributed in any role (author, editor, reviewer…)."),
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=visible_records(Organization),
        to_field_name="slug",
        method="filter_organization",
        help_text=_(
            "Slug of the organization that published the work or carried it as an outlet "
            "(not the contributors' employers)."
        ),
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=visible_records(Publication),
        to_field_name="slug",
        help_text=_("Slug of an edited volume: its chapters."),
    )
    language = django_filters.ChoiceFilter(choices=Publication.Language.choices)
    published_after = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        help_text=_(
            "Published on or after this date (YYYY-MM-DD). A date known only to the year or "
            "month counts as its first day."
        ),
    )
    published_before = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        help_text=_("Published on or before this date (YYYY-MM-DD)."),
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, help_text=_("Draft or published; only staff see drafts at all.")
    )

    class Meta:
        model = Publication
        fields = [
            "kind", "topic", "person", "organization", "parent", "language", "published_after",
            "published_before", "status", "updated_since",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.STR)
    def filter_person(self, publications, name, person):
        return publications.filter(pk__in=Contribution.objects.filter(person=person).values("publication"))

    @extend_schema_field(OpenApiTypes.STR)
    def filter_organization(self, publications, name, organization):
        return publications.from_organization(organization)
