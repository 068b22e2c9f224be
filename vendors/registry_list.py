"""The registry list's results (filter form, a page of vendors, the pages), rendered
once per version of the site and query string, not on every view.

Whatever the results show is registry data: a vendor's save or deletion moves the
site's version (``vendors.apps``), and so does every audited change of its locations,
channels, languages, certifications and of the language and certification lists
(their audit entries name no engagement: ``derived.bump_for_log_entry``). The key
holds that version, read before the data, so a stale page cannot be found.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal import derived
from portal.code_version import code_version
from portal.rendered_fields import rendered_fields
from vendors import queries
from vendors.filters import VendorFilter

PAGE_SIZE = 25


def results_html(query, *, can_edit: bool) -> str:
    """The results for the query string ``query`` (a QueryDict), cached."""
    digest = hashlib.sha256(f"{can_edit}|{query.urlencode()}".encode()).hexdigest()[:32]
    key = f"vendors:registry-list:{code_version()}:{derived.site_version()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = _render(query, can_edit=can_edit)
        cache.set(key, html, derived.TIMEOUT)
    return mark_safe(html)  # rendered here, escaped as the template escapes


def _render(query, *, can_edit: bool) -> str:
    vendor_filter = VendorFilter(query or None, queryset=queries.registry_list())
    page = Paginator(vendor_filter.qs, PAGE_SIZE).get_page(query.get("page"))
    others = query.copy()
    others.pop("page", None)
    return render_to_string(
        "vendors/_registry_results.html",
        {
            "filter_fields": rendered_fields(vendor_filter.form),
            "page": page,
            "query": others.urlencode(),
            "is_filtered": bool(others),
            "can_edit": can_edit,
        },
    )
