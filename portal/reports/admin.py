from django.contrib import admin

from portal.reports.models import Report
from portal.uploads import DeletesStoredFilesAdmin


@admin.register(Report)
class ReportAdmin(DeletesStoredFilesAdmin, admin.ModelAdmin):
    """Read-only: reports are made by workers, retried by members on the site. Deleting
    one removes its PDF from storage too."""

    list_display = [
        "public_id",
        "engagement",
        "kind",
        "period",
        "requested_by",
        "status",
        "created_at",
        "attempts",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["engagement", "requested_by"]
    search_fields = ["public_id", "engagement__title"]
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
