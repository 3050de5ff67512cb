from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

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
from pakrus_site.models import Topic
from people.models import Organization, Person
from people.serializers import NamedReferenceField, PersonName, person_columns

from .dates import DatePrecision, parse_partial_date
from .models import WORK_REFERENCE_FIELDS, Contribution, Publication
from .validators import normalize_doi, normalize_isbn
from .validators import validate_doi as check_doi
from .validators import validate_isbn as check_isbn

PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


CONTRIBUTOR_ROWS = NestedRows(
    lambda keys: Contribution.objects.filter(publication__in=keys).values_list(
        "publication_id", *person_columns("person"), "role", "order"
    )
)


@extend_schema_field(
    {"type": "string", "nullable": True, "pattern": PARTIAL_DATE_PATTERN, "example": "2025-06"}
)
class PartialDateField(serializers.Field):
    """``published_on`` as far as it is known: ``2025``, ``2025-06`` or ``2025-06-23``.
    Writes both the date and its precision."""

    default_error_messages = {
        "invalid": _("Enter a year (2025), a month (2025-06) or a full date (2025-06-23)."),
    }

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, allow_null=True, **kwargs)

    def to_representation(self, publication):
        return publication.date_iso or None

    def to_internal_value(self, text):
        if text is None or text == "":
            return {"published_on": None, "date_precision": DatePrecision.DAY}
        if not isinstance(text, str):
            self.fail("invalid")
        try:
            day, precision = parse_partial_date(text)
        except ValueError:
            self.fail("invalid")
        return {"published_on": day, "date_precision": precision}


class WorkReferenceField(VisibleSlugRelatedField):
    """Another publication: its slug on write; its slug, title and addresses on read."""

    def to_representation(self, work):
        if not (work.is_published or sees_drafts(self.context.get("request"), Publication)):
            return None
        request = self.context.get("request")
        web_url = work.get_absolute_url()
        return {
            "slug": work.slug,
            "title": work.display_title,
            "url": reverse("api:publication-detail", kwargs={"slug": work.slug}, request=request),
            "web_url": request.build_absolute_uri(web_url) if request else web_url,
        }


class WorkReferenceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = WorkReferenceField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {"type": "string", "nullable": True, "description": "Slug of the reviewed work."}
        return {
            "type": "object",
            "nullable": True,
            "properties": {
                "slug": {"type": "string"},
                "title": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "web_url": {"type": "string", "format": "uri"},
            },
            "required": ["slug", "title", "url", "web_url"],
        }


class ContributorSerializer(PartSerializer):
    person = NamedReferenceField(queryset=Person.objects.all())
    display_name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Contribution
        fields = ["person", "display_name", "role", "order"]
        extra_kwargs = {"order": {"help_text": _("Position in the byline; defaults to the row's place.")}}


def constraint_message(name: str) -> str:
    return next(c.violation_error_message for c in Publication._meta.constraints if c.name == name)


class PublicationSerializer(ModelCleanMixin, FastReadMixin, serializers.ModelSerializer):
    """A book, edited volume, chapter, article, policy paper, report, op-ed or book review, with
    its contributors in order, its volume (for a chapter) and the work it reviews (for a
    review)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:publication-detail", lookup_field="slug")
    web_url = WebUrlField()
    display_title = serializers.CharField(
        read_only=True, help_text=_("Title and subtitle; in [brackets] when supplied by editors.")
    )
    contributors = ContributorSerializer(
        many=True,
        required=False,
        source="contributions",
        help_text=_("Authors, editors, translators… in byline order. On write, the list replaces them all."),
    )
    parent = VisibleSlugRelatedField(
        queryset=Publication.objects.all(), help_text=_("Chapters only: slug of the edited volume.")
    )
    reviewed_work = WorkReferenceField(
        queryset=Publication.objects.all(), help_text=_("Book reviews only: the work under review.")
    )
    published_on = PartialDateField(
        help_text=_("As far as it is known: 2025, 2025-06 or 2025-06-23."),
    )
    publisher = VisibleSlugRelatedField(
        queryset=Organization.objects.all(),
        help_text=_("Slug of the publishing organization; or leave it null and give `publisher_name`."),
    )
    publisher_display = serializers.CharField(
        read_only=True, help_text=_("The publisher's name, whichever way it was given.")
    )
    outlet = VisibleSlugRelatedField(
        queryset=Organization.objects.all(),
        help_text=_("Slug of the organization that carried it; or leave it null and give `outlet_name`."),
    )
    outlet_display = serializers.CharField(
        read_only=True, help_text=_("The outlet's name, whichever way it was given.")
    )
    isbn = serializers.CharField(
        max_length=40,
        allow_blank=True,
        required=False,
        validators=[check_isbn],
        help_text=_("ISBN-10 or ISBN-13 as printed; stored and returned as the 13 digits."),
    )
    doi = serializers.CharField(
        max_length=200,
        allow_blank=True,
        required=False,
        validators=[check_doi],
        help_text=_("10.xxxx/… or its https://doi.org/ address; returned bare."),
    )
    topics = SlugReferenceField(queryset=Topic.objects.all(), many=True, required=False)
    cover = serializers.ImageField(read_only=True, allow_null=True)
    pdf = serializers.FileField(read_only=True, allow_null=True)

    class Meta:
        model = Publication
        fields = [
            "url", "web_url", "slug", "kind", "title", "subtitle", "title_is_supplied",
            "display_title", "contributors", "parent", "section", "order", "reviewed_work",
            "published_on", "publisher", "publisher_name", "publisher_display", "outlet",
            "outlet_name", "outlet_display", "isbn", "doi", "pages", "language", "abstract", "body",
            "disclaimer", "external_url", "cover", "pdf", "topics", "status", "published_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["published_at", "updated_at"]
        extra_kwargs = {
            "slug": {"required": False},
            "order": {"help_text": _("Chapters only: position in the volume.")},
        }
        list_serializer_class = PageSerializer

    def read_records(self, publications, read):
        keys = [publication.pk for publication in publications]
        contributors = CONTRIBUTOR_ROWS(keys)
        topics = topic_slugs(Publication, keys)
        # The volumes and reviewed works apart from the page's own query: joining them too
        # makes PostgreSQL spend longer planning that query than running both.
        works = (
            Publication.objects.order_by()
            .only(*WORK_REFERENCE_FIELDS)
            .in_bulk(
                {
                    key
                    for publication in publications
                    for key in (publication.parent_id, publication.reviewed_work_id)
                    if key is not None
                }
            )
        )
        api_url, web_url = read.api_url("api:publication-detail"), read.web_url(Publication)
        # WorkReferenceField's address has no format suffix.
        work_url = read.api_url("api:publication-detail", format_suffix=False)

        def reference(record):
            return read.reference(type(record), record.slug, record.status) if record is not None else None

        def reviewed_work(work):
            if work is None or not (work.is_published or read.sees_drafts(Publication)):
                return None
            return {
                "slug": work.slug,
                "title": work.display_title,
                "url": work_url(work.slug),
                "web_url": web_url(work.slug),
            }

        return [
            {
                "url": api_url(publication.slug),
                "web_url": web_url(publication.slug),
                "slug": publication.slug,
                "kind": publication.kind,
                "title": publication.title,
                "subtitle": publication.subtitle,
                "title_is_supplied": publication.title_is_supplied,
                "display_title": publication.display_title,
                "contributors": [
                    {
                        "person": read.reference(Person, slug, status),
                        "display_name": PersonName(*name).display_name,
                        "role": role,
                        "order": order,
                    }
                    for slug, status, *name, role, order in contributors.get(publication.pk, ())
                ],
                "parent": reference(works.get(publication.parent_id)),
                "section": publication.section,
                "order": publication.order,
                "reviewed_work": reviewed_work(works.get(publication.reviewed_work_id)),
                "published_on": publication.date_iso or None,
                "publisher": reference(publication.publisher),
                "publisher_name": publication.publisher_name,
                "publisher_display": publication.publisher_display,
                "outlet": reference(publication.outlet),
                "outlet_name": publication.outlet_name,
                "outlet_display": publication.outlet_display,
                "isbn": publication.isbn,
                "doi": publication.doi,
                "pages": publication.pages,
                "language": publication.language,
                "abstract": publication.abstract,
                "body": publication.body,
                "disclaimer": publication.disclaimer,
                "external_url": publication.external_url,
                "cover": read.file(publication.cover),
                "pdf": read.file(publication.pdf),
                "topics": topics.get(publication.pk, []),
                "status": publication.status,
                "published_at": read.timestamp(publication.published_at),
                "updated_at": read.timestamp(publication.updated_at),
            }
            for publication in publications
        ]

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.copy()
            if isinstance(data.get("isbn"), str):
                data["isbn"] = normalize_isbn(data["isbn"]) if data["isbn"].strip() else ""
            if isinstance(data.get("doi"), str):
                data["doi"] = normalize_doi(data["doi"])
        return super().to_internal_value(data)

    def validate_isbn(self, isbn):
        if isbn and self._others().filter(isbn=isbn).exists():
            raise serializers.ValidationError(constraint_message("publication_unique_isbn"))
        return isbn

    def validate_doi(self, doi):
        if doi and self._others().filter(doi__iexact=doi).exists():
            raise serializers.ValidationError(constraint_message("publication_unique_doi"))
        return doi

    def validate_contributors(self, rows):
        validate_unique_parts(rows, Contribution, "publication")
        return rows

    def _others(self):
        publications = Publication.objects.all()
        return publications.exclude(pk=self.instance.pk) if self.instance else publications

    @transaction.atomic
    def create(self, validated_data):
        contributions = validated_data.pop("contributions", None)
        topics = validated_data.pop("topics", [])
        publication = Publication.objects.create(**validated_data)
        publication.topics.set(topics)
        if contributions is not None:
            replace_parts(publication, Contribution, "publication", contributions)
        return publication

    @transaction.atomic
    def update(self, publication, validated_data):
        contributions = validated_data.pop("contributions", None)
        topics = validated_data.pop("topics", None)
        for name, value in validated_data.items():
            setattr(publication, name, value)
        publication.save()
        if topics is not None:
            publication.topics.set(topics)
        if contributions is not None:
            replace_parts(publication, Contribution, "publication", contributions)
        return publication
