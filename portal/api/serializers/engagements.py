"""The engagement and its steps' states."""

from __future__ import annotations

from rest_framework import serializers

from portal.models import Engagement
from portal.people import display_name


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
