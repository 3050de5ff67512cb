from django.db import transaction
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from pakrus_site.api import (
    ModelCleanMixin,
    PartSerializer,
    SlugReferenceField,
    VisibleSlugRelatedField,
    WebUrlField,
    sees_drafts,
)
from pakrus_site.models import Topic

from .models import Affiliation, Organization, Person
from .validators import normalize_orcid


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


class OrganizationSerializer(CountryFieldMixin, ModelCleanMixin, serializers.ModelSerializer):
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


class PersonSerializer(CountryFieldMixin, ModelCleanMixin, serializers.ModelSerializer):
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

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("orcid"), str):
            data = {**data, "orcid": normalize_orcid(data["orcid"]) if data["orcid"] else ""}
        return super().to_internal_value(data)

    def to_representation(self, person):
        if not hasattr(person, "current_affiliations"):
            person.current_affiliations = [a for a in person.affiliations.all() if a.is_current]
        return super().to_representation(person)

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
