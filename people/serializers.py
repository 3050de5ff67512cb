from django.db import transaction
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from pakrus_site.api import (
    FastReadMixin,
    ModelCleanMixin,
    NestedRows,
    PageSerializer,
    PartSerializer,
    SlugReferenceField,
    VisibleSlugRelatedField,
    WebUrlField,
    sees_drafts,
    topic_slugs,
)
from pakrus_site.models import Topic

from .models import PERSON_NAME_FIELDS, PERSON_NAME_PARTS, Affiliation, Organization, Person, columns_of
from .validators import normalize_orcid

CURRENT_AFFILIATION_ROWS = NestedRows(
    lambda keys: Affiliation.objects.filter(person__in=keys, is_current=True).values_list(
        "person_id",
        *organization_columns("organization"),
        "position",
        "start_date",
        "end_date",
        "is_current",
    )
)


class PersonName:
    """The parts of a person's name read as plain columns, named by ``Person``'s own
    properties without the cost of a model instance."""

    __slots__ = PERSON_NAME_PARTS
    full_name = Person.full_name
    display_name = Person.display_name

    def __init__(self, honorific, given_name, patronymic, family_name, native_name):
        self.honorific = honorific
        self.given_name = given_name
        self.patronymic = patronymic
        self.family_name = family_name
        self.native_name = native_name


def organization_columns(relation: str) -> list[str]:
    """The columns that name the organization at the end of ``relation`` in a row: slug,
    status and name."""
    return columns_of(relation, ("slug", "status", "name"))


def person_columns(relation: str) -> list[str]:
    """The columns that name the person at the end of ``relation`` in a row: slug, status
    and the parts of ``PersonName``."""
    return columns_of(relation, PERSON_NAME_FIELDS)


class NamedReferenceField(SlugReferenceField):
    """A person or organization that a row must name (a participant, a party, an
    employer), by its slug. The row shows the name anyway; a draft's slug reads as null for
    clients that may not see drafts, as the public pages name it without linking it."""

    def to_representation(self, record):
        if record.is_published or sees_drafts(self.context.get("request"), type(record)):
            return super().to_representation(record)
        return None


class NamedReferenceFieldSchema(OpenApiSerializerFieldExtension):
    """Required and never null on write; null on read when it is a hidden draft."""

    target_class = NamedReferenceField

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "response":
            schema = {**schema, "nullable": True}
        return schema


class OrganizationSerializer(CountryFieldMixin, ModelCleanMixin, FastReadMixin, serializers.ModelSerializer):
    """A university, think tank, research centre, government body, media outlet or other
    organization, with its parent organization and topics."""

    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail", lookup_field="slug")
    web_url = WebUrlField()
    parent = VisibleSlugRelatedField(queryset=Organization.objects.all())
    topics = SlugReferenceField(queryset=Topic.objects.all(), many=True, required=False)

    class Meta:
        model = Organization
        fields = [
            "url", "web_url", "slug", "name", "short_name", "kind", "parent", "city", "country",
            "website", "description", "topics", "status", "published_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["published_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False}}
        list_serializer_class = PageSerializer

    def read_records(self, organizations, read):
        topics = topic_slugs(Organization, [organization.pk for organization in organizations])
        api_url, web_url = read.api_url("api:organization-detail"), read.web_url(Organization)
        return [
            {
                "url": api_url(organization.slug),
                "web_url": web_url(organization.slug),
                "slug": organization.slug,
                "name": organization.name,
                "short_name": organization.short_name,
                "kind": organization.kind,
                "parent": (
                    read.reference(Organization, organization.parent.slug, organization.parent.status)
                    if organization.parent_id
                    else None
                ),
                "city": organization.city,
                "country": read.country(organization.country),
                "website": organization.website,
                "description": organization.description,
                "topics": topics.get(organization.pk, []),
                "status": organization.status,
                "published_at": read.timestamp(organization.published_at),
                "updated_at": read.timestamp(organization.updated_at),
            }
            for organization in organizations
        ]


class AffiliationSerializer(PartSerializer):
    organization = NamedReferenceField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Affiliation
        fields = ["organization", "organization_name", "position", "start_date", "end_date", "is_current"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": "The end date is before the start date."})
        return attrs


class PersonSerializer(CountryFieldMixin, ModelCleanMixin, FastReadMixin, serializers.ModelSerializer):
    """A scholar, diplomat or practitioner, with their current positions and topics."""

    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    web_url = WebUrlField()
    display_name = serializers.CharField(read_only=True)
    affiliations = AffiliationSerializer(
        many=True,
        required=False,
        source="current_affiliations",
        help_text="Current affiliations. On write, the list replaces all of the person's affiliations.",
    )
    topics = SlugReferenceField(queryset=Topic.objects.all(), many=True, required=False)

    class Meta:
        model = Person
        # The private email is deliberately absent: it never leaves the admin.
        fields = [
            "url", "web_url", "slug", "honorific", "given_name", "patronymic", "family_name",
            "native_name", "display_name", "country", "bio", "orcid", "website", "affiliations",
            "topics", "status", "published_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["published_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False}}
        list_serializer_class = PageSerializer

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("orcid"), str):
            data = {**data, "orcid": normalize_orcid(data["orcid"]) if data["orcid"] else ""}
        return super().to_internal_value(data)

    def field_by_field(self, person):
        if not hasattr(person, "current_affiliations"):
            person.current_affiliations = [a for a in person.affiliations.all() if a.is_current]
        return super().field_by_field(person)

    def read_records(self, people, read):
        keys = [person.pk for person in people]
        affiliations = CURRENT_AFFILIATION_ROWS(keys)
        topics = topic_slugs(Person, keys)
        api_url, web_url = read.api_url("api:person-detail"), read.web_url(Person)
        return [
            {
                "url": api_url(person.slug),
                "web_url": web_url(person.slug),
                "slug": person.slug,
                "honorific": person.honorific,
                "given_name": person.given_name,
                "patronymic": person.patronymic,
                "family_name": person.family_name,
                "native_name": person.native_name,
                "display_name": person.display_name,
                "country": read.country(person.country),
                "bio": person.bio,
                "orcid": person.orcid,
                "website": person.website,
                "affiliations": [
                    {
                        "organization": read.reference(Organization, slug, status),
                        "organization_name": name,
                        "position": position,
                        "start_date": read.date(start),
                        "end_date": read.date(end),
                        "is_current": is_current,
                    }
                    for slug, status, name, position, start, end, is_current in affiliations.get(
                        person.pk, ()
                    )
                ],
                "topics": topics.get(person.pk, []),
                "status": person.status,
                "published_at": read.timestamp(person.published_at),
                "updated_at": read.timestamp(person.updated_at),
            }
            for person in people
        ]

    @transaction.atomic
    def create(self, validated_data):
        affiliations = validated_data.pop("current_affiliations", [])
        topics = validated_data.pop("topics", [])
        person = Person.objects.create(**validated_data)
        person.topics.set(topics)
        self._replace_affiliations(person, affiliations)
        return person

    @transaction.atomic
    def update(self, person, validated_data):
        affiliations = validated_data.pop("current_affiliations", None)
        topics = validated_data.pop("topics", None)
        for name, value in validated_data.items():
            setattr(person, name, value)
        person.save()
        if topics is not None:
            person.topics.set(topics)
        if affiliations is not None:
            person.affiliations.all().delete()
            self._replace_affiliations(person, affiliations)
        return person

    @staticmethod
    def _replace_affiliations(person, affiliations):
        Affiliation.objects.bulk_create(
            Affiliation(person=person, order=order, **data) for order, data in enumerate(affiliations)
        )
        person.current_affiliations = [
            a for a in person.affiliations.select_related("organization") if a.is_current
        ]
