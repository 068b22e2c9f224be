from django.contrib import admin

from portal.uploads import DeletesStoredFilesAdmin
from vendors.models import (
    Candidate,
    CandidateTransition,
    Certification,
    ClientReference,
    ComparisonWeights,
    DeliveryLocation,
    Language,
    Quote,
    Vendor,
    VendorChannel,
)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


class DeliveryLocationInline(admin.TabularInline):
    model = DeliveryLocation
    extra = 1


class VendorChannelInline(admin.TabularInline):
    model = VendorChannel
    extra = 1


class ClientReferenceInline(admin.StackedInline):
    model = ClientReference
    extra = 0


@admin.register(Vendor)
class VendorAdmin(DeletesStoredFilesAdmin, admin.ModelAdmin):
    list_display = ["name", "headquarters_country", "headcount", "call_recording_policy"]
    list_filter = ["locations__region", "channels__channel", "certifications", "languages"]
    search_fields = ["name", "headquarters_country", "locations__country"]
    filter_horizontal = ["languages", "certifications"]
    inlines = [DeliveryLocationInline, VendorChannelInline, ClientReferenceInline]


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0


class CandidateTransitionInline(admin.TabularInline):
    model = CandidateTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "reason", "created_at", "notified_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(DeletesStoredFilesAdmin, admin.ModelAdmin):
    """The workflow status changes only through the portal's approval actions."""

    list_display = ["vendor", "engagement", "status", "added_at"]
    list_filter = ["status"]
    search_fields = ["vendor__name", "engagement__title"]
    list_select_related = ["vendor", "engagement"]
    autocomplete_fields = ["engagement", "vendor"]
    readonly_fields = ["status", "recommended_by", "added_by", "added_at"]
    inlines = [QuoteInline, CandidateTransitionInline]

    def has_add_permission(self, request):
        return False  # shortlisting happens on the engagement's page


@admin.register(ComparisonWeights)
class ComparisonWeightsAdmin(admin.ModelAdmin):
    list_display = [
        "engagement",
        "cost",
        "diligence",
        "test_calls",
        "language",
        "customer_risk",
        "references",
    ]
    list_select_related = ["engagement"]
    autocomplete_fields = ["engagement"]
    filter_horizontal = ["required_languages"]
