"""Write operations of the liaison log: entries and their follow-up actions."""

from datetime import date

import pytest

from contracts.liaison import actions
from contracts.models import FollowUpAction, LiaisonEntry
from portal.errors import DomainError
from tests.factories_contracts import LiaisonEntryFactory

ENTRY = actions.LiaisonEntryInput(
    kind="meeting", date=date(2025, 3, 1), participants="Maria, vendor", summary="Kick-off"
)


def test_an_entry_is_logged_by_the_user_and_can_be_changed(engagement, member, manager):
    entry = actions.liaison_entry_save(user=member, engagement=engagement, entry=None, data=ENTRY)
    changed = actions.liaison_entry_save(
        user=manager,
        engagement=engagement,
        entry=entry,
        data=actions.LiaisonEntryInput(
            kind="decision", date=date(2025, 3, 2), participants="Maria", summary="Agreed"
        ),
    )
    stored = LiaisonEntry.objects.get()
    assert stored.pk == changed.pk == entry.pk
    assert (stored.kind, stored.summary, stored.created_by) == ("decision", "Agreed", member)


def test_a_follow_up_owner_is_one_of_the_team(engagement, member, outsider):
    entry = LiaisonEntryFactory(engagement=engagement)
    with pytest.raises(DomainError, match="owner of a follow-up action must be a member") as caught:
        actions.follow_up_action_add(
            user=member,
            entry=entry,
            data=actions.FollowUpActionInput(
                description="Send scripts", owner=outsider, due_date=date(2025, 3, 5)
            ),
        )
    assert list(caught.value.fields) == ["owner"]
    assert not FollowUpAction.objects.exists()


def test_marking_an_action_done_and_reopening_it(engagement, member):
    action = actions.follow_up_action_add(
        user=member,
        entry=LiaisonEntryFactory(engagement=engagement),
        data=actions.FollowUpActionInput(
            description="  Send scripts  ", owner=member, due_date=date(2025, 3, 5)
        ),
    )
    assert action.description == "Send scripts"
    actions.follow_up_action_set_done(user=member, action=action, done=True)
    action.refresh_from_db()
    assert action.done and action.done_at is not None
    actions.follow_up_action_set_done(user=member, action=action, done=False)
    action.refresh_from_db()
    assert not action.done and action.done_at is None
