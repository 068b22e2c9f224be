from django.contrib import admin
from django.db import models

from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope, RateCard


class UnchangedDecimalsAdmin(admin.ModelAdmin):
    """Keeps the stored form of decimals the administrator did not change.

    The form hands back ``Decimal("10")`` for a stored ``10.0000``: equal, but the
    audit log compares text and would record a change nobody made. Unchanged
    decimals keep their stored value, and a form with no change saves nothing.
    """

    def save_model(self, request, obj, form, change):
        if change:
            if not form.has_changed():
                return
            for field in obj._meta.concrete_fields:
                if (
                    isinstance(field, models.DecimalField)
                    and field.name in form.fields
                    and field.name not in form.changed_data
                    and field.name in form.initial
                ):
                    setattr(obj, field.attname, form.initial[field.name])
        super().save_model(request, obj, form, change)


@admin.register(RateCard)
class RateCardAdmin(UnchangedDecimalsAdmin):
    """Reference prices administrators keep, date and extend (DOMAIN.md rate card)."""

    list_display = ["__str__", "region", "pricing_model", "low", "high", "unit", "effective_date"]
    list_filter = ["pricing_model", "region", "unit"]
    search_fields = ["source", "notes"]
    date_hierarchy = "effective_date"


class ChannelLineInline(admin.TabularInline):
    model = ChannelLine
    extra = 0


@admin.register(NeedsScope)
class NeedsScopeAdmin(UnchangedDecimalsAdmin):
    list_display = ["engagement", "complex_share_percent", "face_to_face_needed", "updated_at"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement"]


@admin.register(ChannelLine)
class ChannelLineAdmin(UnchangedDecimalsAdmin):
    list_display = ["engagement", "channel", "contacts_per_month", "handle_minutes"]
    list_filter = ["channel"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement"]


@admin.register(CostCase)
class CostCaseAdmin(UnchangedDecimalsAdmin):
    list_display = ["engagement", "loaded_salary", "region", "updated_at"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement"]


@admin.register(CustomerAssessment)
class CustomerAssessmentAdmin(UnchangedDecimalsAdmin):
    list_display = ["engagement", "risk_level", "offshore", "updated_at"]
    list_filter = ["risk_level"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement", "updated_by"]
