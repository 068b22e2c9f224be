"""Read-only views for site administrators.

Contracts, SLAs and the rest are edited on the engagement's pages, where the
domain rules live (an approved candidate, no target on handle time...). The
admin shows them, and the log of reminders sent, for support questions. Should
a contract ever be deleted here, its documents' stored files go with it.
"""

from django.contrib import admin

from contracts.models import Contract, SentReminder
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
