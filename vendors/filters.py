import django_filters
from django.db.models import Q

from portal.reference import Channel, Region
from vendors.models import Certification, DeliveryLocation, Language, Vendor


class VendorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    region = django_filters.ChoiceFilter(
        field_name="locations__region",
        choices=Region.choices,
        empty_label="Any region",
        label="Delivery region",
        distinct=True,
    )
    channel = django_filters.ChoiceFilter(
        field_name="channels__channel",
        choices=Channel.choices,
        empty_label="Any channel",
        label="Channel",
        distinct=True,
    )
    language = django_filters.ModelChoiceFilter(
        field_name="languages",
        queryset=Language.objects.all(),
        empty_label="Any language",
        label="Language",
        distinct=True,
    )
    certification = django_filters.ModelChoiceFilter(
        field_name="certifications",
        queryset=Certification.objects.all(),
        empty_label="Any certification",
        label="Certification",
        distinct=True,
    )

    class Meta:
        model = Vendor
        fields = ["q", "region", "channel", "language", "certification"]

    def search(self, queryset, name, value):
        # Each condition on one table (no join repeating a vendor per location, no
        # DISTINCT): on PostgreSQL each reads its trigram index (vendors 0006).
        located = DeliveryLocation.objects.filter(country__icontains=value).values("vendor_id")
        return queryset.filter(
            Q(name__icontains=value)
            | Q(headquarters_country__icontains=value)
            | Q(pk__in=located)
            | Q(review_notes__icontains=value)
        )
