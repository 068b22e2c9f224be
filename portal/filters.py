import django_filters
from django.db.models import Q

from portal.models import Engagement


class EngagementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(
        choices=Engagement.Status.choices, empty_label="Any status"
    )
    team = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any team")

    class Meta:
        model = Engagement
        fields = ["q", "status", "team"]

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["team"].queryset = teams

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
