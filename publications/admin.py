import datetime

from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pakrus_site.admin_base import PublishedRecordAdmin, TolerantAutocomplete
from people.admin import thumbnail

from .dates import parse_partial_date
from .models import Contribution, Publication
from .validators import normalize_isbn


class PublicationAdminForm(forms.ModelForm):
    """Editors type the date as far as it is known; the model keeps date and precision.
    The admin's fieldsets name the model fields, so there is no Meta here."""

    date = forms.CharField(
        label=_("Publication date"),
        required=False,
        max_length=10,
        help_text=_("Only what is known: 2025, 2025-06 or 2025-06-23."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.published_on:
            self.initial["date"] = self.instance.date_iso

    def clean_date(self) -> str:
        text = self.cleaned_data["date"].strip()
        if not text:
            self.instance.published_on = None
            return text
        try:
            self.instance.published_on, self.instance.date_precision = parse_partial_date(text)
        except ValueError:
            raise ValidationError(
                _("Enter a year (2025), a month (2025-06) or a full date (2025-06-23)."), code="invalid_date"
            ) from None
        return text


class ContributionInline(TolerantAutocomplete, SortableTabularInline):
    model = Contribution
    extra = 1
    autocomplete_fields = ("person",)
    fields = ("person", "role")


class ChapterInlineForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whatever is added under a volume is one of its chapters.
        self.instance.kind = Publication.Kind.CHAPTER


class ChapterInline(SortableTabularInline):
    model = Publication
    fk_name = "parent"
    form = ChapterInlineForm
    fields = ("title", "title_is_supplied", "section", "status")
    ordering = ("order", "pk")
    extra = 0
    show_change_link = True
    verbose_name = _("chapter")
    verbose_name_plural = _("chapters (open a chapter to add its authors)")


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in Publication.objects.years()]

    def queryset(self, request, queryset):
        value = self.value()
        # Only a year a date can have; anything else lists every publication.
        if value and value.isdecimal() and datetime.MINYEAR <= int(value) <= datetime.MAXYEAR:
            return queryset.in_year(int(value))
        return queryset


@admin.register(Publication)
class PublicationAdmin(SortableAdminBase, PublishedRecordAdmin):
    form = PublicationAdminForm
    list_display = (
        "cover_column",
        "display_title",
        "kind",
        "date_column",
        "contributors_column",
        "status",
        "updated_at",
    )
    list_display_links = ("cover_column", "display_title")
    list_filter = ("status", "kind", YearListFilter, "topics", "language")
    search_fields = (
        "title",
        "subtitle",
        "isbn",
        "doi",
        "publisher_name",
        "outlet_name",
        "contributions__person__given_name",
        "contributions__person__family_name",
        "contributions__person__native_name",
    )
    autocomplete_fields = ("parent", "reviewed_work", "publisher", "outlet", "topics")
    fieldsets = (
        (None, {"fields": ("kind", "title", "subtitle", "title_is_supplied")}),
        (
            _("Chapter of a volume"),
            {
                "classes": ("collapse",),
                "description": _("Only for chapters. A volume's chapters can also be added on the volume."),
                "fields": ("parent", "section", "order"),
            },
        ),
        (
            _("Book review"),
            {
                "classes": ("collapse",),
                "description": _("Only for book reviews."),
                "fields": ("reviewed_work",),
            },
        ),
        (
            _("Publication details"),
            {
                "fields": (
                    "date",
                    ("publisher", "publisher_name"),
                    ("outlet", "outlet_name"),
                    ("isbn", "doi"),
                    ("pages", "language"),
                )
            },
        ),
        (_("Content"), {"fields": ("abstract", "body", "disclaimer", "topics")}),
        (_("Files and links"), {"fields": ("cover", "cover_alt", "pdf", "external_url")}),
        PublishedRecordAdmin.publication_fieldset,
    )

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == Publication.Kind.EDITED_VOLUME:
            return [ContributionInline, ChapterInline]
        return [ContributionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent").with_contributors()

    def get_search_results(self, request, queryset, search_term):
        # The volume of a chapter is chosen among edited volumes only.
        if request.path.endswith("/autocomplete/") and request.GET.get("field_name") == "parent":
            queryset = queryset.of_kind(Publication.Kind.EDITED_VOLUME)
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # An ISBN is stored as 13 digits; find it however it was typed or scanned.
        isbn = normalize_isbn(search_term)
        if len(isbn) == 13 and isbn != search_term.strip():
            results |= queryset.filter(isbn=isbn)
        return results, may_have_duplicates

    @admin.display(description=_("Cover"))
    def cover_column(self, publication):
        return thumbnail(publication.cover, publication.cover_thumbnail, publication.cover_alt)

    @admin.display(description=_("Title"), ordering="title")
    def display_title(self, publication):
        return publication.display_title

    @admin.display(description=_("Date"), ordering="published_on")
    def date_column(self, publication):
        return publication.date_display or "—"

    @admin.display(description=_("Contributors"))
    def contributors_column(self, publication):
        return "; ".join(
            f"{c.person.display_name} ({c.get_role_display().lower()})"
            for c in publication.contributions.all()
        )
