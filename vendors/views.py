"""The organization-wide vendor registry: list, detail, create/edit, CSV in and out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import engagement_next, posted, with_query
from vendors import csv_io, queries, registry_actions, registry_list
from vendors.filters import VendorFilter
from vendors.forms import VendorImportForm, vendor_forms
from vendors.models import Vendor


@require_GET
@login_required
def vendor_list(request):
    access.require_vendor_access(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    can_edit = access.can_edit_vendors(request.user)
    return render(
        request,
        "vendors/vendor_list.html",
        {
            "results": registry_list.results_html(request.GET, can_edit=can_edit),
            "query": query.urlencode(),
            "can_edit": can_edit,
        },
    )


@require_GET
@login_required
def vendor_detail(request, pk: int):
    access.require_vendor_access(request.user)
    vendor = get_object_or_404(queries.registry(), pk=pk)
    return render(
        request,
        "vendors/vendor_detail.html",
        {
            "vendor": vendor,
            "shortlists": queries.vendor_shortlists(vendor, request.user),
            "can_edit": access.can_edit_vendor(request.user, vendor),
        },
    )


def _vendor_form_page(request, vendor: Vendor | None):
    access.require_vendor_access(request.user, write=True)
    form, locations, references = vendor_forms(posted(request), vendor)
    # Opened from step 4's "Shortlist a vendor": return there with the new vendor chosen.
    next_url = engagement_next(request) if vendor is None else ""
    if request.method == "POST" and all(f.is_valid() for f in (form, locations, references)):
        try:
            saved = registry_actions.vendor_save(
                user=request.user, vendor=vendor, data=form.to_input(locations, references)
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"Vendor “{saved}” saved.")
            if next_url:
                return redirect(with_query(next_url, vendor=saved.pk))
            return redirect(saved)
    return render(
        request,
        "vendors/vendor_form.html",
        {
            "form": form,
            "locations": locations,
            "references": references,
            "vendor": vendor,
            "next_url": next_url,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def vendor_create(request):
    return _vendor_form_page(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def vendor_edit(request, pk: int):
    access.require_vendor_access(request.user, write=True)
    vendor = get_object_or_404(queries.registry(), pk=pk)
    access.require_vendor_edit(request.user, vendor)
    return _vendor_form_page(request, vendor)


@require_GET
@login_required
def vendor_export(request):
    access.require_vendor_access(request.user)
    vendor_filter = VendorFilter(request.GET or None, queryset=queries.registry())
    response = HttpResponse(
        csv_io.export_vendors(vendor_filter.qs), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="vendors-{stamp}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def vendor_import(request):
    access.require_vendor_access(request.user, write=True)
    form = VendorImportForm(posted(request), request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = csv_io.parse_vendors(form.cleaned_data["file"].read())
        errors = result.errors
        if result.ok:
            try:
                created, updated = registry_actions.vendors_import(
                    user=request.user, rows=result.rows, lines=result.lines
                )
            except registry_actions.VendorImportError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request, f"Import done: {created} vendor(s) added, {updated} updated."
                )
                return redirect("vendors:vendor-list")
        messages.error(request, "Nothing was imported: correct the rows below and try again.")
    return render(
        request,
        "vendors/vendor_import.html",
        {"form": form, "errors": errors, "columns": csv_io.COLUMNS},
    )
