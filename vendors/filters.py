import django_filters
from django.db.models import Q

from portal.reference import Channel, Region
from vendors.models import Certification, DeliveryLocation, Language, Vendor, VendorChannel


class VendorFilter(django_filters.FilterSet):
    # Each filter and the search read one table in a subquery (no join repeating a
    # vendor per location, no DISTINCT over every column): the count and the page
    # stay plain reads of the vendor table, at 300 vendors as at 30,000.
    q = django_filters.CharFilter(method="search", label="Search")
    region = django_filters.ChoiceFilter(
        method="delivered_from",
        choices=Region.choices,
        empty_label="Any region",
        label="Delivery region",
    )
    channel = django_filters.ChoiceFilter(
        method="offering",
        choices=Channel.choices,
        empty_label="Any channel",
        label="Channel",
    )
    language = django_filters.ModelChoiceFilter(
        method="speaking",
        queryset=Language.objects.all(),
        empty_label="Any language",
        label="Language",
    )
    certification = django_filters.ModelChoiceFilter(
        method="certified",
        queryset=Certification.objects.all(),
        empty_label="Any certification",
        label="Certification",
    )

    class Meta:
        model = Vendor
        fields = ["q", "region", "channel", "language", "certification"]

    def search(self, queryset, name, value):
        # One set of ids from two tables: the vendor's own columns (one bitmap scan of
        # their trigram indexes on PostgreSQL, vendors 0007) and its delivery countries.
        # An OR with the countries' subquery would read every vendor row instead.
        matching = Vendor.objects.filter(
            Q(name__icontains=value)
            | Q(headquarters_country__icontains=value)
            | Q(review_notes__icontains=value)
        ).values("pk")
        located = DeliveryLocation.objects.filter(country__icontains=value).values("vendor_id")
        return queryset.filter(pk__in=matching.union(located))

    def delivered_from(self, queryset, name, value):
        located = DeliveryLocation.objects.filter(region=value).values("vendor_id")
        return queryset.filter(pk__in=located)

    def offering(self, queryset, name, value):
        return queryset.filter(
            pk__in=VendorChannel.objects.filter(channel=value).values("vendor_id")
        )

    def speaking(self, queryset, name, value):
        through = Vendor.languages.through.objects.filter(language=value)
        return queryset.filter(pk__in=through.values("vendor_id"))

    def certified(self, queryset, name, value):
        through = Vendor.certifications.through.objects.filter(certification=value)
        return queryset.filter(pk__in=through.values("vendor_id"))
