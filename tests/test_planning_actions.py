"""Write operations of steps 1-3: audited, refused without the right role or with bad data."""

from dataclasses import replace
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal.errors import DomainError
from portal.planning import actions
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment
from tests.factories_planning import scoped_engagement

pytestmark = pytest.mark.django_db

LINE = actions.ChannelLineInput(
    contacts_per_month=9000,
    handle_minutes=Decimal("6"),
    coverage_hours_per_week=Decimal("70"),
    languages="English",
)
ASSESSMENT = actions.AssessmentInput(
    offshore=True,
    local_preference="none",
    language_risk={"email": "low", "inbound_phone": "medium", "chat": "high"},
    response_expectation="day",
    data_residency="none",
)


def _scope(**lines) -> actions.ScopeInput:
    return actions.ScopeInput(in_house_agents=14, lines=lines)


def test_scope_save_is_audited_with_the_user(member, engagement):
    actions.scope_save(user=member, engagement=engagement, data=_scope(inbound_phone=LINE))
    entries = LogEntry.objects.filter(additional_data__engagement_id=engagement.pk).exclude(
        content_type__model="engagement"
    )
    assert entries.count() == 2  # scope and one channel line, each created once
    assert set(entries.values_list("actor__username", flat=True)) == {"member"}


def test_scope_save_refuses_bad_lines(member, engagement):
    with pytest.raises(DomainError, match="168"):
        actions.scope_save(
            user=member,
            engagement=engagement,
            data=_scope(inbound_phone=replace(LINE, coverage_hours_per_week=Decimal("200"))),
        )
    with pytest.raises(DomainError, match="Unknown channel"):
        actions.scope_save(user=member, engagement=engagement, data=_scope(fax=LINE))
    assert not ChannelLine.objects.exists()


def test_every_channel_s_problems_come_back_at_once_on_their_fields(member, engagement):
    with pytest.raises(DomainError) as refused:
        actions.scope_save(
            user=member,
            engagement=engagement,
            data=_scope(
                inbound_phone=replace(LINE, contacts_per_month=-3, coverage_hours_per_week=200),
                email=replace(LINE, coverage_hours_per_week=Decimal("45"), handle_minutes=None),
                chat=replace(LINE, peak_hour_share_percent=Decimal("1")),
            ),
        )
    assert refused.value.fields == {
        "inbound_phone-contacts_per_month": ["Contacts per month cannot be negative."],
        "inbound_phone-coverage_hours_per_week": [
            "A week has only 168 hours; 168 is around the clock."
        ],
        "email-handle_minutes": ["Give the average handle time for this channel."],
        "chat-peak_hour_share_percent": [
            "The busiest hour carries at least an average hour's share (1.43% over 70 hours)."
        ],
    }
    assert not ChannelLine.objects.exists()


def test_a_channel_left_out_may_leave_its_figures_empty_but_not_wrong(member, engagement):
    empty = actions.ChannelLineInput(contacts_per_month=0)
    actions.scope_save(user=member, engagement=engagement, data=_scope(email=empty))
    assert not ChannelLine.objects.exists()
    with pytest.raises(DomainError) as refused:
        actions.scope_save(
            user=member,
            engagement=engagement,
            data=_scope(email=replace(empty, handle_minutes=Decimal("-1"))),
        )
    assert refused.value.fields == {
        "email-handle_minutes": ["Average handle time must be above zero."]
    }


def test_outsider_and_anonymous_cannot_write(outsider, engagement):
    with pytest.raises(Http404):
        actions.cost_case_save(user=outsider, engagement=engagement, data=actions.CostCaseInput())
    assert not CostCase.objects.exists()


def test_cost_case_save_validates(member, engagement):
    with pytest.raises(DomainError):
        actions.cost_case_save(
            user=member,
            engagement=engagement,
            data=actions.CostCaseInput(shrinkage_percent=Decimal("95")),
        )
    assert not CostCase.objects.exists()
    case = actions.cost_case_save(
        user=member,
        engagement=engagement,
        data=actions.CostCaseInput(loaded_salary=Decimal("3400")),
    )
    assert case.loaded_salary == Decimal("3400") and case.service_target_percent == 80


def test_assessment_keeps_only_scoped_channels_and_scores(member, engagement):
    scoped_engagement(engagement)
    saved = actions.assessment_save(user=member, engagement=engagement, data=ASSESSMENT)
    assert saved.language_risk == {"email": "low", "inbound_phone": "medium"}
    assert saved.risk_level == "medium"
    assert saved.updated_by == member
    with pytest.raises(DomainError, match="Unknown risk level"):
        actions.assessment_save(
            user=member,
            engagement=engagement,
            data=replace(ASSESSMENT, language_risk={"email": "extreme"}),
        )
    assert CustomerAssessment.objects.get().risk_level == "medium"


def test_permission_denied_is_not_hidden(member, engagement, monkeypatch):
    from portal import access

    monkeypatch.setattr(access, "can", lambda user, action, eng: action == access.VIEW)
    with pytest.raises(PermissionDenied):
        actions.cost_case_save(user=member, engagement=engagement, data=actions.CostCaseInput())


def test_assessment_with_unanswered_questions_is_refused_by_field(member, engagement):
    scoped_engagement(engagement)
    unanswered = replace(
        ASSESSMENT, offshore=None, response_expectation="", language_risk={"email": "low"}
    )
    with pytest.raises(DomainError) as refused:
        actions.assessment_save(user=member, engagement=engagement, data=unanswered)
    assert set(refused.value.fields) == {
        "offshore",
        "response_expectation",
        "language_inbound_phone",
    }
    assert not CustomerAssessment.objects.exists()
