from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pakrus_site.admin_base import PublishedRecordAdmin, TolerantAutocomplete

from .models import Affiliation, Organization, Person


class AffiliationInline(TolerantAutocomplete, admin.TabularInline):
    model = Affiliation
    extra = 1
    autocomplete_fields = ("organization",)
    fields = ("organization", "position", "start_date", "end_date", "is_current", "order")


def thumbnail(image_field, spec, alt: str):
    if not image_field:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="48" height="48" style="object-fit:cover;border-radius:4px">',
        spec.url,
        alt,
    )


@admin.register(Person)
class PersonAdmin(PublishedRecordAdmin):
    list_display = ("photo_column", "display_name", "country", "current_positions", "status", "updated_at")
    list_display_links = ("photo_column", "display_name")
    list_filter = ("status", "country", "affiliations__organization__kind", "affiliations__organization")
    search_fields = (
        "given_name",
        "family_name",
        "patronymic",
        "native_name",
        "honorific",
        "orcid",
        "affiliations__organization__name",
        "affiliations__organization__short_name",
    )
    prepopulated_fields = {"slug": ("given_name", "family_name")}
    autocomplete_fields = ("topics",)
    inlines = [AffiliationInline]
    fieldsets = (
        (_("Name"), {"fields": ("honorific", ("given_name", "patronymic", "family_name"), "native_name")}),
        (
            _("Profile"),
            {"fields": ("country", "photo", "photo_alt", "bio", "topics", "orcid", "website", "email")},
        ),
        PublishedRecordAdmin.publication_fieldset,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("affiliations__organization")

    @admin.display(description=_("Photo"))
    def photo_column(self, person):
        return thumbnail(person.photo, person.photo_thumbnail, person.display_name)

    @admin.display(description=_("Name"), ordering="sort_name")
    def display_name(self, person):
        return person.display_name

    @admin.display(description=_("Current positions"))
    def current_positions(self, person):
        return "; ".join(str(a) for a in person.affiliations.all() if a.is_current)


@admin.register(Organization)
class OrganizationAdmin(PublishedRecordAdmin):
    list_display = ("logo_column", "name", "short_name", "kind", "city", "country", "parent", "status")
    list_display_links = ("logo_column", "name")
    list_filter = ("status", "kind", "country")
    search_fields = ("name", "short_name", "city")
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("parent", "topics")
    list_select_related = ("parent",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "kind",
                    "parent",
                    ("city", "country"),
                    "website",
                    "logo",
                    "description",
                    "topics",
                )
            },
        ),
        PublishedRecordAdmin.publication_fieldset,
    )

    @admin.display(description=_("Logo"))
    def logo_column(self, organization):
        return thumbnail(organization.logo, organization.logo_small, organization.name)
