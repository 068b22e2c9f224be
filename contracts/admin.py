"""Read-only views for site administrators.

Contracts, SLAs and the rest are edited on the engagement's pages, where the
domain rules live (an approved candidate, no target on handle time...). The
admin shows them, and the log of reminders sent, for support questions. Should
a contract ever be deleted here, its documents' stored files go with it.
"""

from django.contrib import admin, messages

from contracts.models import Contract, FeedToken, SentReminder, VendorTier
from contracts.monitoring.feeds import revoke_feed_token
from portal.uploads import DeletesStoredFilesAdmin


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(DeletesStoredFilesAdmin, _ReadOnlyAdmin):
    list_display = [
        "engagement",
        "candidate",
        "start_date",
        "initial_term_months",
        "auto_renew",
        "notice_period_days",
    ]
    list_select_related = ["engagement", "candidate__vendor"]
    search_fields = ["engagement__title", "candidate__vendor__name"]


@admin.register(SentReminder)
class SentReminderAdmin(_ReadOnlyAdmin):
    list_display = ["contract", "kind", "deadline", "days_before", "sent_at", "recipients"]
    list_filter = ["kind", "days_before"]
    list_select_related = ["contract__engagement", "contract__candidate__vendor"]
    date_hierarchy = "sent_at"


@admin.register(FeedToken)
class FeedTokenAdmin(_ReadOnlyAdmin):
    """KPI feed tokens are issued on the monitoring page; here an administrator can see
    them all and revoke one that leaked. The token itself is never stored."""

    list_display = ["name", "prefix", "engagement", "created_at", "expires_at", "last_used_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["engagement"]
    search_fields = ["name", "prefix", "engagement__title"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected feed tokens")
    def revoke(self, request, queryset):
        tokens = list(queryset.select_related("engagement").filter(revoked_at__isnull=True))
        for token in tokens:
            revoke_feed_token(token, user=request.user)
        self.message_user(request, f"{len(tokens)} feed token(s) revoked.", messages.SUCCESS)


@admin.register(VendorTier)
class VendorTierAdmin(_ReadOnlyAdmin):
    list_display = ["engagement", "tier", "interval_months", "data_handled", "updated_at"]
    list_select_related = ["engagement"]
