"""Admin behaviour shared by every published record: status actions and columns, a check
that two editors saving the same record do not overwrite each other, and the CSP nonce
the rich-text editor's import map needs."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media

from . import search
from .models import Status

EDIT_VERSION = "edit_version"


def edit_version(updated_at: datetime.datetime | None) -> str:
    return updated_at.astimezone(datetime.UTC).isoformat() if updated_at else ""


class _KnownValuesOnly:
    """An autocomplete widget that, when a form comes back with a value that cannot be a key
    (a tampered or garbled post), shows it as empty: the form then reports the error on the
    field instead of failing while it looks the value up to draw the widget again."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field

        def is_key(candidate) -> bool:
            try:
                target.to_python(candidate)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [candidate for candidate in value if is_key(candidate)], attr)


class KnownValuesAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class KnownValuesAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class TolerantAutocomplete:
    """For model admins and inlines: autocomplete fields that survive garbled values."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class EditConflictCheck(forms.ModelForm):
    """Refuses to save a record that someone else saved after this form was opened.

    The form carries the record's ``updated_at`` as it was when the page was rendered; on
    save it is compared with the row in the database (locked until the save commits, so two
    saves at the same moment cannot both pass).
    """

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial[EDIT_VERSION] = edit_version(self.instance.updated_at)

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get(EDIT_VERSION)
        if not (self.instance.pk and seen):
            return cleaned_data
        model = type(self.instance)
        rows = model._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.values_list("updated_at", flat=True).first()
        if current is not None and edit_version(current) != seen:
            raise ValidationError(
                _(
                    "Someone else saved this record at %(time)s, after you opened it. Your "
                    "changes have not been saved. Reload the page to see the current version, "
                    "then make your changes again."
                ),
                code="edit_conflict",
                params={"time": date_format(localtime(current), "DATETIME_FORMAT")},
            )
        return cleaned_data


def with_edit_conflict_check(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    if issubclass(form_class, EditConflictCheck):
        return form_class
    return type(form_class.__name__, (EditConflictCheck, form_class), {"__module__": form_class.__module__})


class PublishedRecordAdmin(TolerantAutocomplete, admin.ModelAdmin):
    actions = ["publish", "unpublish"]
    list_per_page = 50
    readonly_fields = ("created_at", "updated_at")
    show_facets = admin.ShowFacets.NEVER
    # Editors paste bare domains ("nust.edu.pk"); the web is https now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = with_edit_conflict_check(self.form)

    def changelist_view(self, request, extra_context=None):
        # Django turns a date-hierarchy year it cannot read into the "unknown filter" notice,
        # but not one too large for a date (OverflowError); send that to the same notice.
        if self.date_hierarchy:
            for part, digits in (("year", 4), ("month", 2), ("day", 2)):
                value = request.GET.get(f"{self.date_hierarchy}__{part}")
                if value is not None and not (value.isdecimal() and len(value) <= digits):
                    return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if EDIT_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        # The hidden version travels in the last fieldset (a hidden row renders as nothing).
        *others, (name, options) = fieldsets
        return [*others, (name, {**options, "fields": (*options["fields"], EDIT_VERSION)})]

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor declares its modules in an inline import map; the nonce is what
        # lets it run under the Content-Security-Policy without allowing inline scripts.
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            context["media"] = Media.from_media(context["media"], nonce=nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.action(description=_("Publish selected records"), permissions=["change"])
    def publish(self, request, queryset):
        changed = 0
        for record in queryset.exclude(status=Status.PUBLISHED):
            record.status = Status.PUBLISHED
            record.save()
            changed += 1
        self.message_user(
            request,
            ngettext("%d record published.", "%d records published.", changed) % changed,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected records (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        changed = 0
        for record in queryset.filter(status=Status.PUBLISHED):
            record.status = Status.DRAFT
            record.save()
            changed += 1
        self.message_user(
            request,
            ngettext("%d record unpublished.", "%d records unpublished.", changed) % changed,
            messages.SUCCESS,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inlines (speakers, affiliations, contributors) are saved after the record;
        # index again so search sees them.
        search.index_record(form.instance)

    publication_fieldset = (
        _("Publication"),
        {"fields": ("status", "slug", "published_at", ("created_at", "updated_at"))},
    )
