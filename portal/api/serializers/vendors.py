"""Step 4: the shortlist with its scores, the due-diligence checklist, test calls."""

from __future__ import annotations

from rest_framework import serializers

from portal.people import display_name
from vendors.diligence.models import ChecklistItem, TestCall


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
    monthly_cost = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text=(
            "The monthly total of the whole scope under the candidate's own quotes (what "
            "they do not cover kept in-house, oversight once), in the engagement's "
            "currency; null when no quote is priced."
        ),
    )
    saving_monthly = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="All in-house minus ``monthly_cost`` (negative: dearer than in-house).",
    )
    kept_in_house = serializers.ListField(
        child=serializers.CharField(),
        help_text="The scoped channels the candidate's quotes leave in-house.",
    )
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
