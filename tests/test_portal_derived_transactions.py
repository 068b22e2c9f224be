"""One transaction moves an engagement's version once, however many rows it changes
(a KPI month writes one row per SLA), and a rolled-back change does not count."""

import pytest
from django.db import transaction

from contracts.models import Sla
from portal import derived
from portal.models import Engagement


@pytest.fixture
def slas(seeded_demo):
    rows = Sla.objects.filter(engagement=seeded_demo).order_by("id")[:3]
    return seeded_demo, list(rows)


def _version(engagement) -> int:
    return Engagement.objects.get(pk=engagement.pk).version


def _change(sla: Sla, text: str) -> None:
    sla.penalty = text
    sla.save()


def test_changes_in_one_transaction_move_the_version_once(slas, django_capture_on_commit_callbacks):
    engagement, rows = slas
    before = _version(engagement)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for number, sla in enumerate(rows):
            _change(sla, f"Penalty {number}")
    assert _version(engagement) == before + 1
    # The next transaction is a new change.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _change(rows[0], "Penalty again")
    assert _version(engagement) == before + 2


def test_a_rolled_back_first_change_does_not_hide_the_next_one(slas):
    engagement, rows = slas
    before = _version(engagement)
    with transaction.atomic():
        try:
            with transaction.atomic():
                _change(rows[0], "Rolled back")
                assert _version(engagement) == before + 1
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        assert _version(engagement) == before  # the savepoint took the move back
        _change(rows[1], "Kept")
        assert _version(engagement) == before + 1


def test_a_figure_read_after_the_second_change_is_not_kept_under_the_first(
    slas, django_capture_on_commit_callbacks
):
    engagement, rows = slas
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _change(rows[0], "First")
        during = derived.cached(engagement, "probe", lambda: "during")
        _change(rows[1], "Second")
    assert during == "during"
    fresh = Engagement.objects.get(pk=engagement.pk)
    assert derived.cached(fresh, "probe", lambda: "after") == "after"
