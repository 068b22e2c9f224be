"""Write operations of steps 1-3: audited, refused without the right role or with bad data."""

from dataclasses import replace
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import week
from portal.errors import DomainError
from portal.planning import actions
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment
from tests.factories_planning import scoped_engagement

pytestmark = pytest.mark.django_db

LINE = actions.ChannelLineInput(
    contacts_per_month=9000,
    handle_minutes=Decimal("6"),
    open_hours=week.ALL_WEEK,
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
            data=_scope(inbound_phone=replace(LINE, open_hours=(True,) * 167)),
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
                inbound_phone=replace(
                    LINE, contacts_per_month=-3, open_hours=(False,) * 168, patience_seconds=0
                ),
                email=replace(LINE, handle_minutes=None, profile_kind="imported"),
                chat=replace(LINE, concurrency=Decimal("11"), profile_kind="rush"),
            ),
        )
    assert refused.value.fields == {
        "inbound_phone-contacts_per_month": ["Contacts per month cannot be negative."],
        "inbound_phone-open_hours": ["Open the channel at least one hour a week."],
        "inbound_phone-patience_seconds": [
            "Between 1 and 3,600 seconds (an hour); leave it empty if unknown."
        ],
        "email-handle_minutes": ["Give the average handle time for this channel."],
        "email-profile_kind": [
            "Import interval volumes for this channel first, or choose another pattern."
        ],
        "chat-profile_kind": ["Choose an arrival pattern from the list."],
        "chat-concurrency": ["An agent carries between 1 and 10 chats at once."],
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


def test_patience_is_kept_for_queues_and_concurrency_for_chat_only(member, engagement):
    line = replace(LINE, patience_seconds=180, concurrency=Decimal("3"))
    actions.scope_save(
        user=member,
        engagement=engagement,
        data=_scope(inbound_phone=line, chat=line, email=line),
    )
    saved = {row.channel: row for row in ChannelLine.objects.all()}
    assert saved["inbound_phone"].patience_seconds == 180
    assert saved["inbound_phone"].concurrency == Decimal("2")  # the default, unused
    assert (saved["chat"].patience_seconds, saved["chat"].concurrency) == (180, Decimal("3"))
    assert saved["email"].patience_seconds is None
    assert saved["email"].open_hours == [True] * 168


def test_saving_the_same_scope_again_writes_no_audit_entry(member, engagement):
    data = _scope(inbound_phone=replace(LINE, open_hours=week.BUSINESS_HOURS))
    actions.scope_save(user=member, engagement=engagement, data=data)
    count = LogEntry.objects.count()
    actions.scope_save(user=member, engagement=engagement, data=data)
    assert LogEntry.objects.count() == count


WEEKDAY_FILE = "weekday,time,volume\nMonday,09:00,30\nMonday,10:30,10\nSaturday,10:00,5\n"


def test_an_interval_import_sets_the_imported_pattern_or_nothing(member, engagement):
    actions.scope_save(
        user=member,
        engagement=engagement,
        data=_scope(inbound_phone=replace(LINE, open_hours=week.BUSINESS_HOURS)),
    )
    data = actions.IntervalCsvInput(text=WEEKDAY_FILE)
    with pytest.raises(actions.IntervalImportError) as refused:
        actions.channel_line_import_intervals(
            user=member, engagement=engagement, channel="inbound_phone", data=data
        )
    assert "closed: Saturday 10:00-11:00" in refused.value.errors[0]
    line = ChannelLine.objects.get()
    assert (line.profile_kind, line.profile) == ("flat", None)

    actions.channel_line_import_intervals(
        user=member,
        engagement=engagement,
        channel="inbound_phone",
        data=replace(data, open_closed_hours=True),
    )
    line.refresh_from_db()
    assert line.profile_kind == "imported"
    assert (line.profile[9], line.profile[10], line.profile[5 * 24 + 10]) == (
        0.666666667,
        0.222222222,
        0.111111111,
    )
    assert line.open_hours[5 * 24 + 10] and not line.open_hours[5 * 24 + 11]
    history = LogEntry.objects.get_for_object(line)
    assert history.count() == 2  # created, imported
    assert history.first().actor == member and "profile_kind" in history.first().changes_dict

    # Closing an hour that has imported contacts is refused, naming the hours.
    with pytest.raises(DomainError) as closing:
        actions.scope_save(
            user=member,
            engagement=engagement,
            data=_scope(
                inbound_phone=replace(LINE, open_hours=week.BUSINESS_HOURS, profile_kind="imported")
            ),
        )
    assert closing.value.fields["inbound_phone-open_hours"] == [
        "The imported interval volumes have contacts outside these hours (Saturday "
        "10:00-11:00): open those hours, or choose another arrival pattern."
    ]


def test_an_interval_import_needs_the_channel_in_scope_and_the_right(member, outsider, engagement):
    data = actions.IntervalCsvInput(text=WEEKDAY_FILE)
    with pytest.raises(DomainError, match="Chat is not in the scope"):
        actions.channel_line_import_intervals(
            user=member, engagement=engagement, channel="chat", data=data
        )
    with pytest.raises(Http404):
        actions.channel_line_import_intervals(
            user=outsider, engagement=engagement, channel="chat", data=data
        )


def test_a_line_s_week_shapes_are_checked_by_the_model_too(engagement):
    from django.core.exceptions import ValidationError

    line = ChannelLine(engagement=engagement, channel="chat", contacts_per_month=10)
    line.handle_minutes = Decimal("5")
    line.open_hours = [True] * 3
    with pytest.raises(ValidationError, match="168 true/false values"):
        line.full_clean()
    line.open_hours = [True] * 168
    line.profile = [0] * 168
    with pytest.raises(ValidationError, match="not all zero"):
        line.full_clean()
    line.profile = [1] * 168
    line.full_clean()
