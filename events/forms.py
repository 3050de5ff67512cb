"""Admin forms for events and agreements.

Editors type an event's times as the clock read at the venue; the form reads and shows them
in the event's own time zone, whatever the server's or the editor's zone is.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Event
from .validators import timezone_names, validate_agreement_parties


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date and a time with no zone attached; the form decides which zone they are in."""

    widget = AdminSplitDateTime

    def compress(self, data_list):
        if not data_list:
            return None
        date, time = data_list
        if date in self.empty_values or time in self.empty_values:
            raise forms.ValidationError(_("Enter both a date and a time."), code="invalid_date")
        return datetime.datetime.combine(date, time)


class EventAdminForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("time zone"),
        choices=[(name, name) for name in timezone_names()],
        initial=Event._meta.get_field("timezone").default,
        help_text=Event._meta.get_field("timezone").help_text,
    )
    starts_at = WallClockDateTimeField(
        label=_("starts"), required=False, help_text=Event._meta.get_field("starts_at").help_text
    )
    ends_at = WallClockDateTimeField(
        label=_("ends"), required=False, help_text=Event._meta.get_field("ends_at").help_text
    )

    class Meta:
        model = Event
        # The fields this form handles itself; the admin adds the rest from its fieldsets.
        fields = ["timezone", "starts_at", "ends_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("starts_at", "ends_at"):
                value = getattr(self.instance, name)
                self.initial[name] = (
                    value.astimezone(self.instance.zone).replace(tzinfo=None) if value else None
                )

    def clean(self):
        cleaned_data = super().clean()
        zone = ZoneInfo(cleaned_data.get("timezone") or self.instance.timezone)
        for name in ("starts_at", "ends_at"):
            value = cleaned_data.get(name)
            if value is not None:
                cleaned_data[name] = value.replace(tzinfo=zone)
        return cleaned_data


class InlineFormSet(CustomInlineFormSet):
    """Sortable inline rows, checked against the unique constraints of rows saved
    meanwhile by someone else (not in this form), so a clash is a message, not an error page.
    Clashes between rows of the form itself are Django's own formset check."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        shown = [form.instance.pk for form in self.initial_forms if form.instance.pk]
        others = self.model._default_manager.filter(**{self.fk.name: self.instance}).exclude(pk__in=shown)
        constraints = [
            c for c in self.model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields
        ]
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            for constraint in constraints:
                values = {
                    name: getattr(form.instance, name) for name in constraint.fields if name != self.fk.name
                }
                if others.filter(**values).exists():
                    form.add_error(None, constraint.violation_error_message)


class PartiesFormSet(InlineFormSet):
    """Refuses an agreement with fewer than two parties or one party listed twice."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        organizations = [
            form.cleaned_data.get("organization")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        validate_agreement_parties(organizations)


class ParticipationsFormSet(InlineFormSet):
    def get_unique_error_message(self, unique_check):
        if set(unique_check) == {"event", "person", "role"}:
            return _("The same person is listed twice in the same role; remove one of the two rows.")
        return super().get_unique_error_message(unique_check)
