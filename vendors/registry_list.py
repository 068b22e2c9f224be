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
import threading

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.core.cache import cache
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal import derived
from vendors import queries
from vendors.filters import VendorFilter

PAGE_SIZE = 25


def results_html(query, *, can_edit: bool) -> str:
    """The results for the query string ``query`` (a QueryDict), cached."""
    digest = hashlib.sha256(f"{can_edit}|{query.urlencode()}".encode()).hexdigest()[:32]
    key = f"vendors:registry-list:{derived.code_version()}:{derived.site_version()}:{digest}"
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


# The filter form's fields as crispy renders them, by everything a field's HTML is
# made of: its name, whether the form is bound, the value given, its options (read
# once per request) and its errors. Most requests ask for a field as another request
# already rendered it; rendering one costs more than the rest of the page's rows.
_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 512
_lock = threading.Lock()


def rendered_fields(form) -> dict[str, str]:
    """The HTML of each field of ``form`` (a validated ``VendorFilter`` form), by name."""
    errors = form.errors
    html = {}
    for name, field in form.fields.items():
        bound = form[name]
        options = ()
        if hasattr(field.widget, "choices"):
            # The options rendered are the ones in the key (each list read once; iter():
            # no count query for a length hint).
            field.widget.choices = list(iter(field.choices))
            options = tuple((str(value), str(label)) for value, label in field.widget.choices)
        key = (name, form.is_bound, bound.data, options, tuple(errors.get(name, ())))
        found = _RENDERED.get(key)
        if found is None:
            found = as_crispy_field(bound)
            with _lock:
                if len(_RENDERED) >= _RENDERED_MAX:
                    _RENDERED.pop(next(iter(_RENDERED)))
                _RENDERED[key] = found
        html[name] = found
    return html
