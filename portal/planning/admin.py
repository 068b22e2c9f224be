from django.contrib import admin

from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope, RateCard


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    """Reference prices administrators keep, date and extend (DOMAIN.md rate card)."""

    list_display = ["__str__", "region", "pricing_model", "low", "high", "unit", "effective_date"]
    list_filter = ["pricing_model", "region", "unit"]
    search_fields = ["source", "notes"]
    date_hierarchy = "effective_date"


class ChannelLineInline(admin.TabularInline):
    model = ChannelLine
    extra = 0


@admin.register(NeedsScope)
class NeedsScopeAdmin(admin.ModelAdmin):
    list_display = ["engagement", "complex_share_percent", "face_to_face_needed", "updated_at"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement"]


@admin.register(ChannelLine)
class ChannelLineAdmin(admin.ModelAdmin):
    list_display = ["engagement", "channel", "contacts_per_month", "handle_minutes"]
    list_filter = ["channel"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement"]


@admin.register(CostCase)
class CostCaseAdmin(admin.ModelAdmin):
    list_display = ["engagement", "loaded_salary", "region", "updated_at"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement"]


@admin.register(CustomerAssessment)
class CustomerAssessmentAdmin(admin.ModelAdmin):
    list_display = ["engagement", "risk_level", "offshore", "updated_at"]
    list_filter = ["risk_level"]
    list_select_related = ["engagement"]
    search_fields = ["engagement__title"]
    raw_id_fields = ["engagement", "updated_by"]
