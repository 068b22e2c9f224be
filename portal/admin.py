from django.contrib import admin

from portal.models import Engagement, ExchangeRate, Membership, Team
from portal.uploads import DeletesStoredFilesAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "team__name"]
    list_select_related = ["user", "team"]
    autocomplete_fields = ["user", "team"]


@admin.register(Engagement)
class EngagementAdmin(DeletesStoredFilesAdmin, admin.ModelAdmin):
    list_display = ["title", "team", "owner", "status", "currency", "updated_at"]
    list_filter = ["status", "team", "currency"]
    search_fields = ["title", "description"]
    list_select_related = ["team", "owner"]
    autocomplete_fields = ["owner", "team"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["from_currency", "to_currency", "rate", "effective_date", "source"]
    list_filter = ["from_currency", "to_currency", "effective_date"]
    search_fields = ["from_currency", "to_currency", "source"]
    date_hierarchy = "effective_date"
