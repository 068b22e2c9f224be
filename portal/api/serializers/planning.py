"""Steps 1-2: the needs scope with its channels, and the cost case."""

from __future__ import annotations

from rest_framework import serializers

from portal.planning.models import ChannelLine, CostCase, NeedsScope


class ChannelLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChannelLine
        exclude = ["id", "engagement"]


class NeedsScopeSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedsScope
        exclude = ["id", "engagement"]


class ScopeSerializer(serializers.Serializer):
    filled = serializers.BooleanField()
    scope = NeedsScopeSerializer(allow_null=True)
    channels = ChannelLineSerializer(many=True)


class CostInputsSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostCase
        exclude = ["id", "engagement"]


class CostOptionSerializer(serializers.Serializer):
    pricing_model = serializers.CharField()
    label = serializers.CharField()
    basis = serializers.CharField()
    monthly = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True),
        help_text="Monthly cost by rate level: low, mid, high; null where the rate card "
        'has no ceiling ("40 and up"), the high estimate left open.',
    )
    saving = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True),
        help_text="In-house minus this option, by level; negative is a loss; null when open.",
    )
    warning = serializers.CharField()
    note = serializers.CharField(help_text="A remark from the guide, or empty.")
    bills = serializers.CharField(help_text="What it bills a month at the mid rate, in words.")


class CostScenarioSerializer(serializers.Serializer):
    name = serializers.CharField()
    monthly_total = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="Vendor charges + in-house cost of what stays + oversight once (mid rates).",
    )
    annual_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    saving_monthly = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="All in-house minus this total."
    )
    vendor_charges = serializers.DecimalField(max_digits=14, decimal_places=2)
    in_house_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    oversight = serializers.DecimalField(max_digits=14, decimal_places=2)
    feasible = serializers.BooleanField(
        help_text="False when a pricing carries a refusal warning (the center would refuse)."
    )
    warnings = serializers.ListField(child=serializers.CharField())
    kept_in_house = serializers.ListField(child=serializers.CharField())
    bills = serializers.ListField(child=serializers.CharField())


class CostCaseSerializer(serializers.Serializer):
    inputs = CostInputsSerializer(allow_null=True)
    problem = serializers.CharField(help_text="Why no figures can be given, when none can.")
    in_house_monthly = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    oversight_monthly = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    region = serializers.CharField(allow_null=True)
    options = CostOptionSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    break_even_calls_per_month = serializers.IntegerField(allow_null=True)
    break_even_crossings = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Every inbound phone volume a month where shared per minute and dedicated "
        "per hour change places (mid rates).",
    )
    currency = serializers.CharField(help_text="The currency of every amount (ISO 4217).")
    scenarios = CostScenarioSerializer(
        many=True, help_text="Whole-scope scenarios at mid rates; all in-house first."
    )
    cheapest_scenario = serializers.CharField(
        allow_null=True,
        help_text="The cheapest outsourcing scenario the center would accept (mid rates).",
    )
