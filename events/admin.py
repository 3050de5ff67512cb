import datetime

from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pakrus_site.admin_base import PublishedRecordAdmin, TolerantAutocomplete

from .forms import EventAdminForm, InlineFormSet, ParticipationsFormSet, PartiesFormSet
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
from .validators import MIN_AGREEMENT_PARTIES

SHORT_TEXT = forms.Textarea(attrs={"rows": 2, "cols": 60})


class EventOrganizationInline(TolerantAutocomplete, SortableTabularInline):
    formset = InlineFormSet
    model = EventOrganization
    extra = 1
    autocomplete_fields = ("organization",)
    fields = ("organization", "role", "order")


class ParticipationInline(TolerantAutocomplete, SortableTabularInline):
    model = Participation
    formset = ParticipationsFormSet
    extra = 1
    # The autocomplete widget carries the "+" link, so an editor can add a speaker who is
    # not in the directory yet without leaving the event.
    autocomplete_fields = ("person",)
    fields = ("person", "role", "talk_title", "highlight", "order")
    formfield_overrides = {models.TextField: {"widget": SHORT_TEXT}}


class RecommendationInline(SortableTabularInline):
    formset = InlineFormSet
    model = Recommendation
    extra = 1
    fields = ("text", "order")
    formfield_overrides = {models.TextField: {"widget": SHORT_TEXT}}


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Event.objects.datetimes("starts_at", "year", order="DESC")
        return [(str(moment.year), str(moment.year)) for moment in years]

    def queryset(self, request, queryset):
        value = self.value()
        # Only a year a date can have; anything else lists every event.
        if value and value.isdecimal() and datetime.MINYEAR <= int(value) <= datetime.MAXYEAR:
            return queryset.in_year(int(value))
        return queryset


@admin.register(Series)
class SeriesAdmin(TolerantAutocomplete, admin.ModelAdmin):
    list_display = ("name", "organization", "updated_at")
    search_fields = ("name", "organization__name", "organization__short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)


@admin.register(Event)
class EventAdmin(SortableAdminBase, PublishedRecordAdmin):
    form = EventAdminForm
    list_display = ("title", "when", "kind", "status", "venue_column", "series")
    list_filter = ("kind", YearFilter, "series", "topics", "status")
    list_select_related = ("series",)
    date_hierarchy = "starts_at"
    search_fields = (
        "title",
        "series__name",
        "venue_name",
        "city",
        "participations__person__given_name",
        "participations__person__family_name",
        "participations__person__native_name",
    )
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("series", "topics")
    inlines = [EventOrganizationInline, ParticipationInline, RecommendationInline]
    fieldsets = (
        (None, {"fields": ("title", "kind", "series", "summary", "body", "topics")}),
        (
            _("When and where"),
            {"fields": ("timezone", "starts_at", "ends_at", "venue_name", ("city", "country"), "online_url")},
        ),
        (
            _("Links, report and cover"),
            {
                "fields": (
                    "registration_url",
                    "recording_url",
                    "report",
                    "cover",
                    ("cover_alt", "cover_credit"),
                )
            },
        ),
        PublishedRecordAdmin.publication_fieldset,
    )

    @admin.display(description=_("When"), ordering="starts_at")
    def when(self, event):
        start = event.local_starts_at
        if start is None:
            return _("Date not recorded")
        return f"{date_format(start, 'j M Y, H:i')} {start.tzname()}"

    @admin.display(description=_("Venue"), ordering="venue_name")
    def venue_column(self, event):
        return event.venue or (_("Online") if event.online_url else "—")


class AgreementPartyInline(TolerantAutocomplete, SortableTabularInline):
    model = AgreementParty
    formset = PartiesFormSet
    autocomplete_fields = ("organization", "signatory")
    fields = ("organization", "signatory", "signatory_title", "order")

    def get_extra(self, request, obj=None, **kwargs):
        # Offer as many blank rows as an agreement still needs parties, at least one.
        existing = obj.parties.count() if obj else 0
        return max(1, MIN_AGREEMENT_PARTIES - existing)


class AgreementAreaInline(SortableTabularInline):
    formset = InlineFormSet
    model = AgreementArea
    extra = 1
    fields = ("kind", "name", "order")


class FeaturedPersonInline(TolerantAutocomplete, SortableTabularInline):
    formset = InlineFormSet
    model = FeaturedPerson
    extra = 1
    autocomplete_fields = ("person",)
    fields = ("person", "order")


@admin.register(Agreement)
class AgreementAdmin(SortableAdminBase, PublishedRecordAdmin):
    list_display = ("title", "kind", "signed_on", "parties_column", "legal_status", "status")
    list_filter = ("kind", "legal_status", "status", "topics")
    date_hierarchy = "signed_on"
    search_fields = (
        "title",
        "signed_city",
        "parties__organization__name",
        "parties__organization__short_name",
        "parties__signatory__family_name",
    )
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("signing_event", "topics")
    inlines = [AgreementPartyInline, AgreementAreaInline, FeaturedPersonInline]
    fieldsets = (
        (None, {"fields": ("title", "kind", "summary", "body", "topics")}),
        (
            _("Signing and status"),
            {
                "fields": (
                    "signed_on",
                    ("signed_city", "signed_country"),
                    "signing_event",
                    "legal_status",
                    "expires_on",
                    "document",
                )
            },
        ),
        PublishedRecordAdmin.publication_fieldset,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parties__organization")

    @admin.display(description=_("Parties"))
    def parties_column(self, agreement):
        return agreement.party_names()
