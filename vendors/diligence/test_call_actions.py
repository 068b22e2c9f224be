"""Write operations of due diligence: the test calls to the vendor's lines.

Each is one transaction, audited under the acting user.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from auditlog.context import set_actor
from django.db import transaction

from portal import access
from portal.errors import DomainError
from vendors.diligence.models import LIVE_CHANNELS, MAX_REPLY_HOURS, TestCall
from vendors.models import Candidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class TestCallInput:
    """One call to the vendor's lines as a customer, as the test-call form gives it.

    The time taken is in the channel's own measure: ``wait_seconds`` for phone and
    chat, ``reply_hours`` for e-mail and social media (the other is ignored).
    ``resolved_first_contact`` None: not recorded."""

    __test__ = False  # not a pytest test class, whatever its name

    called_at: datetime.datetime
    caller: AbstractBaseUser
    channel: str
    scenario: str
    handle_minutes: Decimal
    courtesy: int
    language_clarity: int
    product_knowledge: int
    wait_seconds: int | None = None
    reply_hours: Decimal | None = None
    resolved_first_contact: bool | None = None
    notes: str = ""
    recording_reference: str = ""


SCORE_FIELDS = ("courtesy", "language_clarity", "product_knowledge")
# Only http(s) references are shown as links; script-like schemes are refused outright.
_SCRIPT_SCHEME = re.compile(r"\s*(javascript|data|vbscript|file)\s*:", re.IGNORECASE)


def _test_call_problems(data: TestCallInput) -> dict[str, str]:
    problems = {}
    for score in SCORE_FIELDS:
        if not 1 <= int(getattr(data, score)) <= 5:
            problems[score] = "Scores run from 1 (poor) to 5 (excellent)."
    for time in ("wait_seconds", "reply_hours", "handle_minutes"):
        value = getattr(data, time)
        if value is not None and Decimal(value) < 0:
            problems[time] = "Waiting and handling times cannot be negative."
    if data.channel in LIVE_CHANNELS:
        if data.wait_seconds is None and "wait_seconds" not in problems:
            problems["wait_seconds"] = (
                "Give the seconds until a person answered (chat: until the first reply)."
            )
    elif data.reply_hours is None:
        problems["reply_hours"] = "Give the hours until the reply came."
    elif Decimal(data.reply_hours) > MAX_REPLY_HOURS:
        problems["reply_hours"] = (
            f"At most {MAX_REPLY_HOURS} hours (two weeks); a slower reply is no reply."
        )
    if data.called_at > datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1):
        problems["called_at"] = "A test call cannot be logged in the future."
    if _SCRIPT_SCHEME.match(data.recording_reference):
        problems["recording_reference"] = "Give a http(s) link or a plain reference."
    return problems


def _write_test_call(test_call: TestCall, data: TestCallInput) -> TestCall:
    if problems := _test_call_problems(data):
        raise DomainError(fields=problems)
    test_call.called_at = data.called_at
    test_call.caller = data.caller
    test_call.channel = data.channel
    test_call.scenario = data.scenario
    live = data.channel in LIVE_CHANNELS
    test_call.wait_seconds = data.wait_seconds if live else None
    test_call.reply_hours = None if live else data.reply_hours
    test_call.handle_minutes = data.handle_minutes
    test_call.resolved_first_contact = data.resolved_first_contact
    test_call.courtesy = data.courtesy
    test_call.language_clarity = data.language_clarity
    test_call.product_knowledge = data.product_knowledge
    test_call.notes = data.notes
    test_call.recording_reference = data.recording_reference.strip()
    test_call.save()
    return test_call


@transaction.atomic
def test_call_create(*, user, candidate: Candidate, data: TestCallInput) -> TestCall:
    access.require(user, access.CHANGE, candidate.engagement)
    with set_actor(user):
        return _write_test_call(TestCall(candidate=candidate), data)


@transaction.atomic
def test_call_update(*, user, test_call: TestCall, data: TestCallInput) -> TestCall:
    access.require(user, access.CHANGE, test_call.candidate.engagement)
    with set_actor(user):
        return _write_test_call(test_call, data)


@transaction.atomic
def test_call_delete(*, user, test_call: TestCall) -> None:
    access.require(user, access.CHANGE, test_call.candidate.engagement)
    with set_actor(user):
        test_call.delete()
