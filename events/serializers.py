import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
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
    replace_parts,
    sees_drafts,
    topic_slugs,
    validate_unique_parts,
)
from pakrus_site.models import Status, Topic
from people.models import Organization, Person
from people.serializers import NamedReferenceField, PersonName, organization_columns, person_columns

from .models import (
    Agreement,
    AgreementArea,
    AgreementParty,
    Event,
    EventOrganization,
    FeaturedPerson,
    Participation,
    Recommendation,
    Series,
)
from .validators import validate_agreement_parties

EVENT_ORGANIZER_ROWS = NestedRows(
    lambda keys: EventOrganization.objects.filter(event__in=keys).values_list(
        "event_id",
        *organization_columns("organization"),
        "role",
        "order",
    )
)

PARTICIPANT_ROWS = NestedRows(
    lambda keys: Participation.objects.filter(event__in=keys).values_list(
        "event_id", *person_columns("person"), "role", "order", "talk_title", "highlight"
    )
)

RECOMMENDATION_ROWS = NestedRows(
    lambda keys: Recommendation.objects.filter(event__in=keys).values_list("event_id", "text")
)

PARTY_ROWS = NestedRows(
    lambda keys: AgreementParty.objects.filter(agreement__in=keys).values_list(
        "agreement_id",
        *organization_columns("organization"),
        "signatory_id",
        *person_columns("signatory"),
        "signatory_title",
        "order",
    )
)

AREA_ROWS = NestedRows(
    lambda keys: AgreementArea.objects.filter(agreement__in=keys).values_list("agreement_id", "kind", "name")
)

FEATURED_PERSON_ROWS = NestedRows(
    lambda keys: FeaturedPerson.objects.filter(agreement__in=keys).values_list(
        "agreement_id", *person_columns("person")
    )
)


class EventDateTimeField(serializers.DateTimeField):
    """ISO 8601 with the offset of the event's own time zone (``2025-04-29T14:00:00+05:00``).
    A value written without an offset is kept naive here; ``EventSerializer`` reads it in
    the event's zone, as the admin does with the times an editor types."""

    def get_attribute(self, event):
        moment = super().get_attribute(event)
        return moment.astimezone(event.zone) if moment else moment

    def to_representation(self, moment):
        return moment.isoformat()

    def enforce_timezone(self, moment):
        return moment


class OrganizerSerializer(PartSerializer):
    organization = NamedReferenceField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = EventOrganization
        fields = ["organization", "organization_name", "role", "order"]
        extra_kwargs = {"order": {"help_text": _("Position in the list; defaults to the row's place.")}}


class ParticipantSerializer(PartSerializer):
    person = NamedReferenceField(queryset=Person.objects.all())
    display_name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Participation
        fields = ["person", "display_name", "role", "order", "talk_title", "highlight"]
        extra_kwargs = {"order": {"help_text": _("Position in the programme; defaults to the row's place.")}}


class RecommendationsField(serializers.ListField):
    """The event's recommendations as texts, in order."""

    child = serializers.CharField()

    def to_representation(self, recommendations):
        return [recommendation.text for recommendation in recommendations.all()]


class VenueSerializer(CountryFieldMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="venue_name", max_length=200, allow_blank=True, required=False)

    class Meta:
        model = Event
        fields = ["name", "city", "country"]


class EventSerializer(CountryFieldMixin, ModelCleanMixin, FastReadMixin, serializers.ModelSerializer):
    """A seminar, webinar, lecture, conference, book launch, MoU signing or other event: when
    and where (times carry the event's own offset), its organizers and participants in order,
    its recommendations and topics."""

    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    web_url = WebUrlField()
    series = SlugReferenceField(
        queryset=Series.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Slug of the series the event belongs to."),
    )
    series_name = serializers.CharField(source="series.name", read_only=True, allow_null=True)
    starts_at = EventDateTimeField(
        required=False,
        allow_null=True,
        help_text=_(
            "ISO 8601 with the offset of the event's time zone. On write, a time without an "
            "offset is the clock at the venue, read in `timezone`."
        ),
    )
    ends_at = EventDateTimeField(
        required=False, allow_null=True, help_text=_("Like `starts_at`; not before it.")
    )
    venue = VenueSerializer(source="*", required=False)
    organizers = OrganizerSerializer(
        many=True,
        required=False,
        help_text=_("Organizers and partners. On write, the list replaces them all."),
    )
    participants = ParticipantSerializer(
        many=True,
        required=False,
        source="participations",
        help_text=_(
            "Speakers, chairs, moderators… in programme order. On write, the list replaces them all."
        ),
    )
    recommendations = RecommendationsField(
        required=False, help_text=_("Outcomes, in order. On write, the list replaces them all.")
    )
    topics = SlugReferenceField(queryset=Topic.objects.all(), many=True, required=False)
    cover = serializers.ImageField(read_only=True, allow_null=True)
    report = serializers.FileField(read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "url", "web_url", "slug", "title", "kind", "series", "series_name", "timezone",
            "starts_at", "ends_at", "venue", "online_url", "organizers", "participants", "summary",
            "body", "recommendations", "recording_url", "registration_url", "cover", "cover_alt",
            "cover_credit", "report", "topics", "status", "published_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["published_at", "updated_at"]
        extra_kwargs = {
            "slug": {"required": False},
            "timezone": {"help_text": _("IANA time zone name, e.g. Asia/Karachi or Europe/Moscow.")},
        }
        list_serializer_class = PageSerializer

    def read_records(self, events, read):
        keys = [event.pk for event in events]
        organizers = EVENT_ORGANIZER_ROWS(keys)
        participants = PARTICIPANT_ROWS(keys)
        recommendations = RECOMMENDATION_ROWS(keys)
        topics = topic_slugs(Event, keys)
        api_url, web_url = read.api_url("api:event-detail"), read.web_url(Event)
        return [
            {
                "url": api_url(event.slug),
                "web_url": web_url(event.slug),
                "slug": event.slug,
                "title": event.title,
                "kind": event.kind,
                "series": event.series.slug if event.series_id else None,
                "series_name": event.series.name if event.series_id else None,
                "timezone": event.timezone,
                "starts_at": event.starts_at.astimezone(event.zone).isoformat() if event.starts_at else None,
                "ends_at": event.ends_at.astimezone(event.zone).isoformat() if event.ends_at else None,
                "venue": {
                    "name": event.venue_name,
                    "city": event.city,
                    "country": read.country(event.country),
                },
                "online_url": event.online_url,
                "organizers": [
                    {
                        "organization": read.reference(Organization, slug, status),
                        "organization_name": name,
                        "role": role,
                        "order": order,
                    }
                    for slug, status, name, role, order in organizers.get(event.pk, ())
                ],
                "participants": [
                    {
                        "person": read.reference(Person, slug, status),
                        "display_name": PersonName(*name).display_name,
                        "role": role,
                        "order": order,
                        "talk_title": talk_title,
                        "highlight": highlight,
                    }
                    for slug, status, *name, role, order, talk_title, highlight in participants.get(
                        event.pk, ()
                    )
                ],
                "summary": event.summary,
                "body": event.body,
                "recommendations": [text for (text,) in recommendations.get(event.pk, ())],
                "recording_url": event.recording_url,
                "registration_url": event.registration_url,
                "cover": read.file(event.cover),
                "cover_alt": event.cover_alt,
                "cover_credit": event.cover_credit,
                "report": read.file(event.report),
                "topics": topics.get(event.pk, []),
                "status": event.status,
                "published_at": read.timestamp(event.published_at),
                "updated_at": read.timestamp(event.updated_at),
            }
            for event in events
        ]

    def validate_organizers(self, rows):
        validate_unique_parts(rows, EventOrganization, "event")
        return rows

    def validate_participants(self, rows):
        validate_unique_parts(rows, Participation, "event")
        return rows

    def validate(self, attrs):
        zone_name = attrs.get("timezone") or (self.instance.timezone if self.instance else None)
        zone = ZoneInfo(zone_name or Event._meta.get_field("timezone").default)
        errors = {}
        for name in ("starts_at", "ends_at"):
            moment = attrs.get(name)
            if moment is None:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
            try:
                # In UTC: PostgreSQL refuses offsets beyond ±16 hours that ISO 8601 allows.
                attrs[name] = moment.astimezone(datetime.UTC)
            except OverflowError:
                errors[name] = [_("This date and time is out of range.")]
        if errors:
            raise serializers.ValidationError(errors)
        return super().validate(attrs)

    @transaction.atomic
    def create(self, validated_data):
        parts = self._pop_parts(validated_data)
        topics = validated_data.pop("topics", [])
        event = Event.objects.create(**validated_data)
        event.topics.set(topics)
        self._write_parts(event, parts)
        return event

    @transaction.atomic
    def update(self, event, validated_data):
        parts = self._pop_parts(validated_data)
        topics = validated_data.pop("topics", None)
        for name, value in validated_data.items():
            setattr(event, name, value)
        event.save()
        if topics is not None:
            event.topics.set(topics)
        self._write_parts(event, parts)
        return event

    @staticmethod
    def _pop_parts(validated_data):
        return {
            name: validated_data.pop(name)
            for name in ("organizers", "participations", "recommendations")
            if name in validated_data
        }

    @staticmethod
    def _write_parts(event, parts):
        if "organizers" in parts:
            replace_parts(event, EventOrganization, "event", parts["organizers"])
        if "participations" in parts:
            replace_parts(event, Participation, "event", parts["participations"])
        if "recommendations" in parts:
            replace_parts(
                event, Recommendation, "event", [{"text": text} for text in parts["recommendations"]]
            )


def party_errors(organizations) -> list[str]:
    """What ``validate_agreement_parties`` (the admin's rule) says about these parties."""
    try:
        validate_agreement_parties(organizations)
    except DjangoValidationError as error:
        return error.messages
    return []


class PartySerializer(PartSerializer):
    organization = NamedReferenceField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    signatory = VisibleSlugRelatedField(
        queryset=Person.objects.all(),
        help_text=_("Slug of the person who signed for this party."),
    )
    signatory_name = serializers.CharField(source="signatory.display_name", read_only=True, allow_null=True)

    class Meta:
        model = AgreementParty
        fields = [
            "organization",
            "organization_name",
            "signatory",
            "signatory_name",
            "signatory_title",
            "order",
        ]
        extra_kwargs = {"order": {"help_text": _("Position in the list; defaults to the row's place.")}}


class AreaSerializer(PartSerializer):
    class Meta:
        model = AgreementArea
        fields = ["kind", "name"]


class FeaturedPeopleList(serializers.ListSerializer):
    """Drafts are left out for clients that may not see them, as on the public page."""

    def to_representation(self, features):
        features = features.all()
        if not sees_drafts(self.context.get("request"), Person):
            features = [feature for feature in features if feature.person.is_published]
        return super().to_representation(features)


class FeaturedPersonSerializer(PartSerializer):
    person = NamedReferenceField(queryset=Person.objects.all())
    display_name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = FeaturedPerson
        fields = ["person", "display_name"]
        list_serializer_class = FeaturedPeopleList


class SignedAtSerializer(CountryFieldMixin, serializers.ModelSerializer):
    city = serializers.CharField(source="signed_city", max_length=100, allow_blank=True, required=False)

    class Meta:
        model = Agreement
        fields = ["city", "country"]
        extra_kwargs = {"country": {"source": "signed_country"}}


class AgreementSerializer(CountryFieldMixin, ModelCleanMixin, FastReadMixin, serializers.ModelSerializer):
    """A memorandum of understanding or other agreement: its parties and signatories, the
    areas of cooperation, where and when it was signed and its legal status."""

    url = serializers.HyperlinkedIdentityField(view_name="api:agreement-detail", lookup_field="slug")
    web_url = WebUrlField()
    parties = PartySerializer(
        many=True,
        required=False,
        help_text=_(
            "At least two different organizations, each with an optional signatory. Required "
            "when creating; on update, the list replaces them all."
        ),
    )
    signed_at = SignedAtSerializer(source="*", required=False)
    signing_event = VisibleSlugRelatedField(
        queryset=Event.objects.all(), help_text=_("Slug of the event at which it was signed.")
    )
    areas = AreaSerializer(
        many=True,
        required=False,
        help_text=_("Areas of cooperation, in order. On write, the list replaces them all."),
    )
    featured_people = FeaturedPersonSerializer(
        many=True,
        source="featured",
        required=False,
        help_text=_("People featured, in order. On write, the list replaces them all."),
    )
    effective_status = serializers.SerializerMethodField(
        help_text=_("The legal status, except that an agreement past its expiry date reads as expired.")
    )
    topics = SlugReferenceField(queryset=Topic.objects.all(), many=True, required=False)
    document = serializers.FileField(read_only=True, allow_null=True)

    class Meta:
        model = Agreement
        fields = [
            "url", "web_url", "slug", "title", "kind", "parties", "signed_on", "signed_at",
            "signing_event", "legal_status", "effective_status", "expires_on", "areas",
            "featured_people", "summary", "body", "document", "topics", "status", "published_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["published_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False}}
        list_serializer_class = PageSerializer

    def read_records(self, agreements, read):
        keys = [agreement.pk for agreement in agreements]
        parties = PARTY_ROWS(keys)
        areas = AREA_ROWS(keys)
        featured = FEATURED_PERSON_ROWS(keys)
        # As on the public page, people featured are left out while they are drafts, for
        # clients that may not see drafts.
        featured_drafts = read.sees_drafts(Person)
        topics = topic_slugs(Agreement, keys)
        api_url, web_url = read.api_url("api:agreement-detail"), read.web_url(Agreement)
        return [
            {
                "url": api_url(agreement.slug),
                "web_url": web_url(agreement.slug),
                "slug": agreement.slug,
                "title": agreement.title,
                "kind": agreement.kind,
                "parties": [
                    {
                        "organization": read.reference(Organization, slug, status),
                        "organization_name": name,
                        "signatory": (
                            read.reference(Person, signatory_slug, signatory_status) if signatory_id else None
                        ),
                        "signatory_name": PersonName(*signatory_name).display_name if signatory_id else None,
                        "signatory_title": signatory_title,
                        "order": order,
                    }
                    for (
                        slug,
                        status,
                        name,
                        signatory_id,
                        signatory_slug,
                        signatory_status,
                        *signatory_name,
                        signatory_title,
                        order,
                    ) in parties.get(agreement.pk, ())
                ],
                "signed_on": read.date(agreement.signed_on),
                "signed_at": {
                    "city": agreement.signed_city,
                    "country": read.country(agreement.signed_country),
                },
                "signing_event": (
                    read.reference(Event, agreement.signing_event.slug, agreement.signing_event.status)
                    if agreement.signing_event_id
                    else None
                ),
                "legal_status": agreement.legal_status,
                "effective_status": agreement.effective_status(),
                "expires_on": read.date(agreement.expires_on),
                "areas": [{"kind": kind, "name": name} for kind, name in areas.get(agreement.pk, ())],
                "featured_people": [
                    {
                        "person": read.reference(Person, slug, status),
                        "display_name": PersonName(*name).display_name,
                    }
                    for slug, status, *name in featured.get(agreement.pk, ())
                    if featured_drafts or status == Status.PUBLISHED
                ],
                "summary": agreement.summary,
                "body": agreement.body,
                "document": read.file(agreement.document),
                "topics": topics.get(agreement.pk, []),
                "status": agreement.status,
                "published_at": read.timestamp(agreement.published_at),
                "updated_at": read.timestamp(agreement.updated_at),
            }
            for agreement in agreements
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Agreement.LegalStatus.choices))
    def get_effective_status(self, agreement) -> str:
        return agreement.effective_status()

    def validate_parties(self, rows):
        if errors := party_errors(row["organization"] for row in rows):
            raise serializers.ValidationError(errors)
        return rows

    def validate_areas(self, rows):
        validate_unique_parts(rows, AgreementArea, "agreement")
        return rows

    def validate_featured_people(self, rows):
        validate_unique_parts(rows, FeaturedPerson, "agreement")
        return rows

    def validate(self, attrs):
        if self.instance is None and "parties" not in attrs:
            raise serializers.ValidationError({"parties": party_errors([])})
        return super().validate(attrs)

    @transaction.atomic
    def create(self, validated_data):
        parts = self._pop_parts(validated_data)
        topics = validated_data.pop("topics", [])
        agreement = Agreement.objects.create(**validated_data)
        agreement.topics.set(topics)
        self._write_parts(agreement, parts)
        return agreement

    @transaction.atomic
    def update(self, agreement, validated_data):
        parts = self._pop_parts(validated_data)
        topics = validated_data.pop("topics", None)
        for name, value in validated_data.items():
            setattr(agreement, name, value)
        agreement.save()
        if topics is not None:
            agreement.topics.set(topics)
        self._write_parts(agreement, parts)
        return agreement

    @staticmethod
    def _pop_parts(validated_data):
        return {
            name: validated_data.pop(name)
            for name in ("parties", "areas", "featured")
            if name in validated_data
        }

    @staticmethod
    def _write_parts(agreement, parts):
        if "parties" in parts:
            replace_parts(agreement, AgreementParty, "agreement", parts["parties"])
        if "areas" in parts:
            replace_parts(agreement, AgreementArea, "agreement", parts["areas"])
        if "featured" in parts:
            replace_parts(agreement, FeaturedPerson, "agreement", parts["featured"])
