"""What the API answers with: read-only serializers of the portal's rows and of the
figures the queries derive. Input is validated by the site's forms (``views``); the
input serializers here only describe it in the schema."""

from __future__ import annotations

from rest_framework import serializers

from contracts import kpis
from contracts.models import FollowUpAction, KpiRecord, LiaisonEntry, Metric, Sla
from contracts.monitoring.queries import target_of
from portal.models import Engagement
from portal.people import display_name
from portal.planning.models import ChannelLine, CostCase, NeedsScope
from portal.reports.models import Report
from vendors.diligence.models import ChecklistItem, TestCall


class EngagementSerializer(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name", read_only=True)
    owner = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "title",
            "description",
            "team",
            "owner",
            "status",
            "status_label",
            "created_at",
            "updated_at",
        ]

    def get_owner(self, engagement) -> str:
        return display_name(engagement.owner)


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=["not_started", "in_progress", "complete"])
    state_label = serializers.CharField()
    summary = serializers.CharField()


class EngagementDetailSerializer(EngagementSerializer):
    steps = StepSerializer(many=True, read_only=True)

    class Meta(EngagementSerializer.Meta):
        fields = [*EngagementSerializer.Meta.fields, "steps"]


# --- Steps 1-2 ------------------------------------------------------------------


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


# --- Step 4 ---------------------------------------------------------------------


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.IntegerField()
    score = serializers.IntegerField(help_text="0-100")
    reason = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vendor_id = serializers.IntegerField()
    vendor = serializers.CharField()
    status = serializers.CharField()
    rank = serializers.IntegerField()
    total = serializers.FloatField(help_text="The weighted score, 0-100.")
    leader = serializers.BooleanField()
    monthly_cost = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    scores = ScoreSerializer(many=True)


class ShortlistSerializer(serializers.Serializer):
    weights = serializers.DictField(child=serializers.IntegerField())
    required_languages = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    candidates = CandidateSerializer(many=True)


class ChecklistItemSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="template_item.group")
    question = serializers.CharField(source="template_item.text")
    critical = serializers.BooleanField(source="template_item.critical")
    reviewer = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "group",
            "question",
            "critical",
            "answer",
            "risk",
            "notes",
            "reviewer",
            "updated_at",
        ]

    def get_reviewer(self, item) -> str | None:
        return display_name(item.reviewer) if item.reviewer_id else None


class ChecklistSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    template = serializers.CharField()
    template_version = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    items = ChecklistItemSerializer(many=True)


class TestCallSerializer(serializers.ModelSerializer):
    caller = serializers.SerializerMethodField()

    class Meta:
        model = TestCall
        exclude = ["candidate"]

    def get_caller(self, call) -> str | None:
        return display_name(call.caller) if call.caller_id else None


# --- Steps 5-6 ------------------------------------------------------------------


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


# --- Reports --------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    requested_by = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "status",
            "created_at",
            "finished_at",
            "size",
            "page_count",
            "error",
            "requested_by",
            "download",
        ]

    def get_requested_by(self, report) -> str | None:
        return display_name(report.requested_by) if report.requested_by_id else None

    def get_download(self, report) -> str | None:
        """The API path of the PDF, once it is ready."""
        if report.status != Report.Status.DONE:
            return None
        return f"/api/v1/engagements/{report.engagement_id}/reports/{report.public_id}/download/"


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
