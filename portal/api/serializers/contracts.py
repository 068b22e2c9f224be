"""Steps 5-6: the contract's key dates, SLAs and KPI records, the liaison log and its
follow-up actions, and the KPI feed."""

from __future__ import annotations

from rest_framework import serializers

from contracts import kpis
from contracts.models import FollowUpAction, KpiRecord, LiaisonEntry, Metric, Sla
from contracts.monitoring.queries import target_of
from portal.people import display_name


class TermSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    date = serializers.DateField()
    term = serializers.IntegerField(source="term.number")


class ContractDatesSerializer(serializers.Serializer):
    vendor = serializers.CharField()
    start_date = serializers.DateField()
    initial_term_months = serializers.IntegerField()
    auto_renew = serializers.BooleanField()
    renewal_term_months = serializers.IntegerField()
    notice_period_days = serializers.IntegerField()
    current_term = TermSerializer(allow_null=True)
    next_notice_deadline = serializers.DateField(allow_null=True)
    term_days_left = serializers.IntegerField(allow_null=True)
    notice_days_left = serializers.IntegerField(allow_null=True)
    upcoming = DeadlineSerializer(many=True)


class SlaSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    target_text = serializers.CharField()
    watch_only = serializers.BooleanField()
    breaches = serializers.IntegerField(help_text="Months in breach so far.")
    consecutive_breaches = serializers.IntegerField(help_text="Months in breach in a row, now.")
    latest = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)

    class Meta:
        model = Sla
        fields = [
            "id",
            "metric",
            "title",
            "target",
            "target_text",
            "direction",
            "unit",
            "answer_within_seconds",
            "penalty",
            "watch_only",
            "breaches",
            "consecutive_breaches",
            "latest",
        ]


class KpiRecordSerializer(serializers.ModelSerializer):
    metric = serializers.CharField(source="sla.metric")
    month = serializers.SerializerMethodField()
    breached = serializers.SerializerMethodField()
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = KpiRecord
        fields = ["id", "sla", "metric", "month", "value", "breached", "recorded_by", "recorded_at"]

    def get_breached(self, record) -> bool:
        sla = record.sla
        return kpis.is_breach(record.value, target_of(sla), sla.direction)

    def get_month(self, record) -> str:
        return record.period.isoformat()[:7]

    def get_recorded_by(self, record) -> str:
        return display_name(record.recorded_by)


class KpiMonthInputSerializer(serializers.Serializer):
    """A month's KPIs: a value per metric of the contract's SLAs."""

    period = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="The month, YYYY-MM.")
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True),
        help_text="Value by metric (" + ", ".join(Metric.values) + "); null leaves it.",
    )


class KpiMonthResultSerializer(serializers.Serializer):
    period = serializers.CharField()
    recorded = serializers.IntegerField()
    slas = SlaSerializer(many=True)


class FollowUpActionSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    owner_id = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry_id")

    class Meta:
        model = FollowUpAction
        fields = ["id", "entry", "description", "owner", "owner_id", "due_date", "done", "done_at"]

    def get_owner(self, action) -> str:
        return display_name(action.owner)


class LiaisonEntrySerializer(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField()
    actions = FollowUpActionSerializer(many=True, read_only=True)

    class Meta:
        model = LiaisonEntry
        fields = [
            "id",
            "kind",
            "date",
            "participants",
            "summary",
            "created_by",
            "created_at",
            "actions",
        ]

    def get_created_by(self, entry) -> str:
        return display_name(entry.created_by)


class LiaisonEntryInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LiaisonEntry.Kind.choices)
    date = serializers.DateField()
    participants = serializers.CharField(max_length=500)
    summary = serializers.CharField()


class FollowUpActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.IntegerField(help_text="The id of a member of the engagement's team.")
    due_date = serializers.DateField()


class FollowUpDoneSerializer(serializers.Serializer):
    done = serializers.BooleanField()


# --- The KPI feed ---------------------------------------------------------------


class FeedRowSerializer(serializers.Serializer):
    metric = serializers.ChoiceField(choices=Metric.choices)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
    value = serializers.DecimalField(max_digits=10, decimal_places=2)


class FeedInputSerializer(serializers.Serializer):
    rows = FeedRowSerializer(many=True)


class FeedResultSerializer(serializers.Serializer):
    engagement = serializers.IntegerField()
    recorded = serializers.IntegerField(help_text="Rows written (a month already equal counts).")
