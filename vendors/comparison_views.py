"""The weighted side-by-side comparison of the shortlist, and its saved weights."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_POST

from portal import access, fragments
from portal.errors import DomainError, add_to_form
from portal.http import posted
from vendors import actions, comparison
from vendors.forms import WeightsForm
from vendors.invitations import queries as invitation_queries
from vendors.models import Language
from vendors.scoring import CRITERIA


def _preview(engagement, form: WeightsForm | None) -> comparison.Comparison | None:
    """The comparison under the weights of ``form``, or None when they are not valid
    (the form then carries the reasons)."""
    if form is None or not form.is_valid():
        return None
    data = form.to_input()
    try:
        return comparison.build(
            engagement,
            weights=data.weights,
            required_languages=[lang.name for lang in data.required_languages],
        )
    except DomainError as exc:
        add_to_form(form, exc)
        return None


def _mark_rounds(result: comparison.Comparison) -> comparison.Comparison:
    """Name on each priced quote the round it was submitted in, if it came from an
    accepted response to one (``quote.submitted_in``; one query for the whole page)."""
    quotes = [quote for column in result.columns for quote in column.cost.quotes]
    rounds = invitation_queries.quote_rounds([quote.pk for quote in quotes])
    for quote in quotes:
        quote.submitted_in = rounds.get(quote.pk)
    return result


@require_GET
@login_required
def compare(request, engagement_pk: int):
    """The weighted comparison. A GET with weights in the query string previews a
    ranking (htmx swaps in the table); only the POST to weights-save stores them."""
    engagement = access.get_engagement_for_user(request, engagement_pk)
    preview = WeightsForm(request.GET) if "cost" in request.GET else None
    can_change = access.can(request.user, access.CHANGE, engagement)
    if preview is None:
        # The saved weights' ranking and inputs: rendered once per version of the
        # figures; only who may save and whether a round froze the weights are read here.
        saved = fragments.cached_html(
            engagement, "vendor-comparison", lambda: _saved(engagement), part="vendors"
        )
        if request.headers.get("HX-Request"):
            return HttpResponse(saved["table"])
        context = {
            "engagement": engagement,
            "can_change": can_change,
            "form": None,
            # The template shows the fragments; the comparison is computed only if read.
            "result": SimpleLazyObject(lambda: _mark_rounds(comparison.build(engagement))),
            **saved,
        }
        context["weights_frozen"] = invitation_queries.weights_refusal(engagement)
        return render(request, "vendors/compare.html", context)
    result = _mark_rounds(_preview(engagement, preview) or comparison.build(engagement))
    context = {
        "engagement": engagement,
        "result": result,
        "criteria": CRITERIA,
        "can_change": can_change,
        "preview_errors": preview.errors or None,
    }
    if request.headers.get("HX-Request"):
        return render(request, "vendors/_comparison_table.html", context)
    context["form"] = preview
    # While a request-for-proposal round is open the weights are frozen (shown as such).
    context["weights_frozen"] = invitation_queries.weights_refusal(engagement)
    return render(request, "vendors/compare.html", context)


def _saved(engagement) -> dict[str, str]:
    """The compare page's fragments under the saved weights: the ranking and the side
    by side (``table``), and the weights' inputs (``weight_fields``, ``language_field``)."""
    result = _mark_rounds(comparison.build(engagement))
    form = WeightsForm(initial=_weights_initial(result))
    table = {"engagement": engagement, "result": result, "criteria": CRITERIA}
    return {
        "table": render_to_string("vendors/_comparison_table.html", table),
        "weight_fields": render_to_string("vendors/_weight_fields.html", {"form": form}),
        "language_field": str(as_crispy_field(form["required_languages"])),
    }


def _weights_initial(result: comparison.Comparison) -> dict:
    languages = Language.objects.filter(name__in=result.required_languages)
    return {**result.weights, "required_languages": list(languages)}


@require_POST
@login_required
def weights_save(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = WeightsForm(posted(request))
    if form.is_valid():
        try:
            actions.weights_save(user=request.user, engagement=engagement, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Weights saved.")
            return redirect("shortlist:compare", engagement_pk=engagement.pk)
    messages.error(request, "The weights were not saved: each must be a whole number 0-100.")
    return render(
        request,
        "vendors/compare.html",
        {
            "engagement": engagement,
            "result": _mark_rounds(comparison.build(engagement)),
            "criteria": CRITERIA,
            "can_change": True,
            "form": form,
        },
    )
