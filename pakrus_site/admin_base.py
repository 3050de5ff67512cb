"""Admin behaviour shared by every published record: status actions and columns."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import search
from .models import Status


class PublishedRecordAdmin(admin.ModelAdmin):
    actions = ["publish", "unpublish"]
    list_per_page = 50
    readonly_fields = ("created_at", "updated_at")
    show_facets = admin.ShowFacets.NEVER
    # Editors paste bare domains ("nust.edu.pk"); the web is https now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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
