import django_filters
from django_countries import countries

from pakrus_site.filters import RecordFilterSet, TopicSlugFilter

from .models import Organization, Person


def visible_records(model):
    """The records of ``model`` a filter may look a slug up among: drafts only for clients
    who may see them, so that a draft's slug is as unknown to the others as a made-up one."""

    def records(request):
        return model._default_manager.all().visible_to(getattr(request, "user", None))

    return records


class PersonFilter(RecordFilterSet):
    country = django_filters.ChoiceFilter(choices=countries, help_text="ISO 3166 alpha-2 code.")
    organization = django_filters.ModelChoiceFilter(
        field_name="affiliations__organization",
        to_field_name="slug",
        queryset=visible_records(Organization),
        distinct=True,
        help_text="Slug of an organization the person is or was affiliated with.",
    )
    topic = TopicSlugFilter()

    class Meta:
        model = Person
        fields = ["country", "organization", "topic", "updated_since"]


class OrganizationFilter(RecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    country = django_filters.ChoiceFilter(choices=countries, help_text="ISO 3166 alpha-2 code.")
    parent = django_filters.ModelChoiceFilter(
        to_field_name="slug",
        queryset=visible_records(Organization),
        help_text="Slug of the parent organization.",
    )
    topic = TopicSlugFilter()

    class Meta:
        model = Organization
        fields = ["kind", "country", "parent", "topic", "updated_since"]
