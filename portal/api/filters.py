"""Filters of the API's lists; a bad value answers 400 with the field named."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from contracts.models import FollowUpAction, KpiRecord, LiaisonEntry, Metric
from portal.models import Engagement


class EngagementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="Words in the title or description.")
    status = django_filters.MultipleChoiceFilter(choices=Engagement.Status.choices)
    team = django_filters.NumberFilter(field_name="team_id")
    updated_after = django_filters.DateFilter(
        field_name="updated_at", lookup_expr="date__gte", help_text="Changed on or after."
    )
    updated_before = django_filters.DateFilter(
        field_name="updated_at", lookup_expr="date__lte", help_text="Changed on or before."
    )
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Engagement
        fields = ["q", "status", "team"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class KpiRecordFilter(django_filters.FilterSet):
    metric = django_filters.ChoiceFilter(field_name="sla__metric", choices=Metric.choices)
    month_from = django_filters.DateFilter(
        field_name="period", lookup_expr="gte", input_formats=["%Y-%m"], help_text="YYYY-MM"
    )
    month_to = django_filters.DateFilter(
        field_name="period", lookup_expr="lte", input_formats=["%Y-%m"], help_text="YYYY-MM"
    )

    class Meta:
        model = KpiRecord
        fields = ["metric"]


class LiaisonEntryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=LiaisonEntry.Kind.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = LiaisonEntry
        fields = ["kind"]


class FollowUpActionFilter(django_filters.FilterSet):
    done = django_filters.BooleanFilter(help_text="true: done ones only; false: open ones only.")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lt")

    class Meta:
        model = FollowUpAction
        fields = ["done"]
