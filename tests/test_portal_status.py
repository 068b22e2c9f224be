"""The engagement's status as a state table (portal/status.py) and the one function
that moves it, ``engagement_change_status``: who, when and why recorded, audited."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal import status
from portal.actions import engagement_change_status, engagement_close, engagement_reopen
from portal.errors import DomainError
from portal.models import Engagement, EngagementStatusChange

S = Engagement.Status
pytestmark = pytest.mark.django_db


def _at(engagement, to) -> Engagement:
    Engagement.objects.filter(pk=engagement.pk).update(status=to)
    engagement.refresh_from_db()
    return engagement


def test_the_pipeline_moves_forward_a_step_or_several():
    for index, current in enumerate(status.PIPELINE):
        for later in status.PIPELINE[index + 1 :]:
            assert status.move_problem(current, later) == "", (current, later)


def test_a_rejected_recommendation_goes_back_to_vetting():
    assert status.move_problem(S.AWAITING_APPROVAL, S.VETTING) == ""


@pytest.mark.parametrize("current", status.PIPELINE)
def test_any_open_engagement_may_be_closed(current):
    assert status.move_problem(current, S.CLOSED) == ""


@pytest.mark.parametrize("to", status.PIPELINE)
def test_a_closed_engagement_may_reopen_to_any_pipeline_status(to):
    assert status.move_problem(S.CLOSED, to) == ""


@pytest.mark.parametrize(
    ("current", "to", "message"),
    [
        (S.LIVE, S.SCOPING, "An engagement that is live with vendor cannot move to “scoping”."),
        (
            S.VENDOR_SELECTED,
            S.VETTING,
            "An engagement that is vendor selected cannot move to “vetting vendors”.",
        ),
        (S.VETTING, S.SCOPING, "An engagement that is vetting vendors cannot move to “scoping”."),
        (S.CLOSED, S.CLOSED, "An engagement that is closed cannot be closed."),
        (S.SCOPING, "archived", "Unknown engagement status 'archived'."),
    ],
)
def test_an_illegal_move_is_named_plainly(current, to, message):
    assert status.move_problem(current, to) == message


def test_staying_where_it_is_is_no_move_and_no_problem():
    for current in status.PIPELINE:
        assert status.move_problem(current, current) == ""


def test_every_status_has_its_row_in_the_table():
    assert set(status.MOVES) == set(S.values)


def test_a_move_records_who_when_and_why_and_is_audited(manager, engagement):
    before = timezone.now()
    moved = engagement_change_status(
        user=manager, engagement=engagement, to=S.VETTING, reason="  First vendor shortlisted. "
    )
    assert moved.status == S.VETTING
    engagement.refresh_from_db()
    assert engagement.status == S.VETTING
    change = EngagementStatusChange.objects.get(engagement=engagement)
    assert (change.from_status, change.to_status) == (S.SCOPING, S.VETTING)
    assert change.changed_by == manager
    assert change.changed_at >= before
    assert change.reason == "First vendor shortlisted."
    entry = LogEntry.objects.get_for_object(engagement).latest("timestamp")
    assert entry.actor == manager
    assert entry.changes_dict["status"] == [S.SCOPING, S.VETTING]


def test_a_move_the_system_makes_has_no_person_to_name(engagement):
    engagement_change_status(user=None, engagement=engagement, to=S.VETTING, reason="Shortlisted.")
    assert EngagementStatusChange.objects.get().changed_by is None


def test_an_illegal_move_is_refused_and_changes_nothing(manager, engagement):
    engagement = _at(engagement, S.LIVE)
    entries = LogEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        engagement_change_status(user=manager, engagement=engagement, to=S.SCOPING, reason="x")
    assert str(refused.value) == (
        "An engagement that is live with vendor cannot move to “scoping”."
    )
    engagement.refresh_from_db()
    assert engagement.status == S.LIVE
    assert not EngagementStatusChange.objects.exists()
    assert LogEntry.objects.count() == entries


def test_the_same_status_again_is_a_no_op(manager, engagement):
    engagement = _at(engagement, S.VETTING)
    updated_at = engagement.updated_at
    entries = LogEntry.objects.count()
    engagement_change_status(user=manager, engagement=engagement, to=S.VETTING, reason="Again.")
    engagement.refresh_from_db()
    assert (engagement.status, engagement.updated_at) == (S.VETTING, updated_at)
    assert not EngagementStatusChange.objects.exists()
    assert LogEntry.objects.count() == entries


def test_the_move_reads_the_status_as_stored_not_as_the_caller_last_saw_it(manager, engagement):
    stale = Engagement.objects.get(pk=engagement.pk)  # still "scoping" in memory
    _at(engagement, S.LIVE)
    with pytest.raises(DomainError, match="live with vendor cannot move"):
        engagement_change_status(user=manager, engagement=stale, to=S.VETTING, reason="x")


def test_a_manager_closes_and_the_reason_says_so(manager, engagement):
    engagement_close(user=manager, engagement=engagement)
    engagement.refresh_from_db()
    assert engagement.status == S.CLOSED
    change = EngagementStatusChange.objects.get()
    assert (change.changed_by, change.reason) == (manager, "Closed by a manager.")


def test_closing_a_closed_engagement_is_refused(manager, engagement):
    engagement = _at(engagement, S.CLOSED)
    with pytest.raises(DomainError) as refused:
        engagement_close(user=manager, engagement=engagement)
    assert str(refused.value) == "An engagement that is closed cannot be closed."
    assert not EngagementStatusChange.objects.exists()


@pytest.mark.parametrize("to", status.PIPELINE)
def test_a_manager_reopens_to_the_status_the_facts_give(manager, engagement, to):
    engagement = _at(engagement, S.CLOSED)
    engagement_reopen(user=manager, engagement=engagement, to=to)
    engagement.refresh_from_db()
    assert engagement.status == to
    change = EngagementStatusChange.objects.get()
    assert (change.from_status, change.to_status) == (S.CLOSED, to)
    assert change.reason == "Reopened by a manager."


def test_only_a_closed_engagement_can_be_reopened(manager, engagement):
    engagement = _at(engagement, S.VETTING)
    with pytest.raises(DomainError) as refused:
        engagement_reopen(user=manager, engagement=engagement, to=S.SCOPING)
    assert str(refused.value) == "An engagement that is vetting vendors cannot be reopened."
    engagement.refresh_from_db()
    assert engagement.status == S.VETTING


def test_a_member_may_neither_close_nor_reopen(member, engagement):
    with pytest.raises(PermissionDenied):
        engagement_close(user=member, engagement=engagement)
    engagement = _at(engagement, S.CLOSED)
    with pytest.raises(PermissionDenied):
        engagement_reopen(user=member, engagement=engagement, to=S.SCOPING)
    engagement.refresh_from_db()
    assert engagement.status == S.CLOSED
    assert not EngagementStatusChange.objects.exists()
