"""KPI feed tokens and the feed they post: issued once, stored hashed, refused when
revoked or expired; a post is checked like the CSV import, all or nothing, and
idempotent on (SLA, month), with the token named in the history."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import FeedToken, KpiRecord
from contracts.monitoring.feeds import (
    FeedTokenInput,
    authenticate_feed_token,
    issue_feed_token,
    record_kpi_feed,
    revoke_feed_token,
)
from portal.errors import DomainError
from tests.factories_contracts import SlaFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def slas(engagement):
    return {
        "service_level": SlaFactory(engagement=engagement),
        "abandoned": SlaFactory(
            engagement=engagement, metric="abandoned", target=Decimal("5"), direction="lower"
        ),
    }


def _issue(engagement, member, **data):
    return issue_feed_token(
        engagement, user=member, data=FeedTokenInput(**{"name": "Vendor WFM", **data})
    )


def test_a_token_is_stored_hashed_and_shown_once(engagement, member):
    token, raw = _issue(engagement, member)
    assert len(raw) >= 43  # 32 random bytes, URL-safe: 256 bits
    token.refresh_from_db()
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:8]
    assert raw not in str(FeedToken.objects.filter(pk=token.pk).values().get())
    days = (timezone.localtime(token.expires_at).date() - timezone.localdate()).days
    assert days == 90
    entry = LogEntry.objects.get_for_object(token).get()
    assert entry.actor == member
    assert "token_hash" not in (entry.changes_dict or {})


def test_issue_feed_authenticate_and_record_twice_leaves_one_record_per_sla_and_month(
    engagement, member, slas
):
    _, raw = _issue(engagement, member)
    token = authenticate_feed_token(raw)
    assert token is not None and token.engagement == engagement
    assert token.last_used_at is not None
    rows = [
        {"metric": "service_level", "month": "2026-10", "value": 81.5},
        {"metric": "abandoned", "month": "2026-10", "value": "4"},
    ]
    first = record_kpi_feed(token, rows=rows, today=TODAY)
    assert len(first) == 2
    rows[0]["value"] = 75
    record_kpi_feed(authenticate_feed_token(raw), rows=rows, today=TODAY)
    records = KpiRecord.objects.filter(sla__engagement=engagement)
    assert records.count() == 2
    level = records.get(sla=slas["service_level"])
    assert level.value == Decimal("75") and level.period == datetime.date(2026, 10, 1)
    assert level.recorded_by is None and level.feed_token == token


def test_the_history_names_the_feed_token_as_the_source(engagement, member, slas):
    token, raw = _issue(engagement, member)
    record_kpi_feed(
        token, rows=[{"metric": "abandoned", "month": "2026-11", "value": 6}], today=TODAY
    )
    record = KpiRecord.objects.get()
    entry = LogEntry.objects.get_for_object(record).get()
    assert entry.actor is None
    assert entry.additional_data == {
        "engagement_id": engagement.pk,
        "source": f"feed token Vendor WFM ({raw[:8]})",
    }


def test_csv_text_is_read_as_the_import_reads_a_file(engagement, member, slas):
    token, _ = _issue(engagement, member)
    text = "period,metric,value\n2026-09,service_level,82.5%\n2026-09,abandoned,3\n"
    assert len(record_kpi_feed(token, csv_text=text, today=TODAY)) == 2
    assert KpiRecord.objects.get(sla=slas["service_level"]).value == Decimal("82.5")


def test_a_bad_row_rejects_the_whole_post_naming_every_problem(engagement, member, slas):
    token, _ = _issue(engagement, member)
    rows = [
        {"metric": "service_level", "month": "2026-10", "value": 81},
        {"metric": "csat", "month": "2026-13", "value": "lots"},
        {"metric": "abandoned", "month": "2026-10", "value": 140, "vaule": 1},
        {"metric": "abandoned", "month": "2027-01"},
        "not a row",
        {"metric": "service_level", "month": "2026-10", "value": True},
    ]
    with pytest.raises(DomainError) as caught:
        record_kpi_feed(token, rows=rows, today=TODAY)
    message = str(caught.value)
    assert message.startswith("Nothing was recorded: 10 problems to fix.")
    for expected in [
        "Row 2, field month: '2026-13' is not a valid month.",
        "Row 2, field metric: 'csat' is not one of this contract's SLAs",
        "Row 2, field value: 'lots' is not a number.",
        "Row 3: unknown field(s) 'vaule'",
        "Row 3, field value: 140 is above 100.",
        "Row 4, field month: 2027-01 has not started yet (latest month: 2026-12).",
        "Row 4, field value: missing.",
        "Row 5: expected an object with metric, month and value.",
        "Row 6, field value: 'True' is not a number.",
        "Row 6, field metric: service_level for 2026-10 already given on row 1.",
    ]:
        assert expected in message
    assert "Row 1" not in message
    assert len(caught.value.fields["rows"]) == 10
    assert not KpiRecord.objects.exists()


def test_a_month_sent_twice_in_one_post_is_named(engagement, member, slas):
    token, _ = _issue(engagement, member)
    rows = [{"metric": "abandoned", "month": "2026-10", "value": 2}] * 2
    with pytest.raises(DomainError, match="already given on row 1"):
        record_kpi_feed(token, rows=rows, today=TODAY)


def test_a_bad_csv_line_is_named_and_nothing_written(engagement, member, slas):
    token, _ = _issue(engagement, member)
    text = "period,metric,value\n2026-09,service_level,82\n2026-09,abandoned,-1\n"
    with pytest.raises(DomainError) as caught:
        record_kpi_feed(token, csv_text=text, today=TODAY)
    assert "Line 3, column value: -1 is below 0." in str(caught.value)
    assert not KpiRecord.objects.exists()


@pytest.mark.parametrize("rows", [[], {"metric": "abandoned"}, None])
def test_nothing_to_record_is_refused(engagement, member, slas, rows):
    token, _ = _issue(engagement, member)
    with pytest.raises(DomainError):
        record_kpi_feed(token, rows=rows, today=TODAY)


def test_revoked_and_expired_tokens_do_not_authenticate(engagement, member, slas):
    token, raw = _issue(engagement, member)
    revoke_feed_token(token, user=member)
    assert authenticate_feed_token(raw) is None
    with pytest.raises(DomainError, match="revoked or expired"):
        record_kpi_feed(token, rows=[{"metric": "abandoned", "month": "2026-10", "value": 1}])
    assert LogEntry.objects.get_for_object(token).count() == 2  # issued, revoked

    old, raw_old = _issue(engagement, member)
    FeedToken.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    assert authenticate_feed_token(raw_old) is None


@pytest.mark.parametrize("raw", ["", "x", "a" * 5000, None, "é\ud800"])
def test_unknown_tokens_do_not_authenticate(engagement, member, raw):
    _issue(engagement, member)
    assert authenticate_feed_token(raw) is None


def test_token_rules_each_name_their_field(engagement, member):
    with pytest.raises(DomainError) as caught:
        _issue(engagement, member, name="  ", expires_on=timezone.localdate())
    assert set(caught.value.fields) == {"name", "expires_on"}
    with pytest.raises(DomainError, match="at most 366 days"):
        _issue(engagement, member, expires_on=timezone.localdate() + datetime.timedelta(days=400))
    assert not FeedToken.objects.exists()


def test_only_the_team_issues_and_revokes(engagement, member, manager, outsider):
    with pytest.raises(Http404):
        _issue(engagement, outsider)
    token, _ = _issue(engagement, manager)
    with pytest.raises(Http404):
        revoke_feed_token(token, user=outsider)
    revoke_feed_token(token, user=member)
    assert token.status() == FeedToken.Status.REVOKED


def test_an_administrator_may_revoke_a_leaked_token(engagement, member, admin_user):
    token, raw = _issue(engagement, member)
    revoke_feed_token(token, user=admin_user)
    assert authenticate_feed_token(raw) is None


def test_a_token_of_one_engagement_writes_only_its_slas(engagement, member, slas):
    other = SlaFactory(metric="csat")
    token, _ = _issue(engagement, member)
    with pytest.raises(DomainError, match="csat"):
        record_kpi_feed(token, rows=[{"metric": "csat", "month": "2026-10", "value": 90}])
    assert not other.records.exists()


def test_an_anonymous_visitor_cannot_issue(engagement):
    with pytest.raises(Http404):
        _issue(engagement, AnonymousUser())


_FIELD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=30),
    st.sampled_from(["2026-10", "2026-10-01", "9999-12", "0001-01", "82.5%", "1e999", "-0"]),
    st.lists(st.integers(), max_size=2),
)
_ROW = st.one_of(
    st.dictionaries(st.sampled_from(["metric", "month", "value", "vaule", ""]), _FIELD, max_size=4),
    st.fixed_dictionaries(
        {
            "metric": st.sampled_from(["service_level", "abandoned", "csat", "SERVICE_LEVEL"]),
            "month": _FIELD,
            "value": _FIELD,
        }
    ),
    _FIELD,
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(_ROW, max_size=6))
def test_hostile_rows_are_recorded_or_refused_never_an_error(engagement, member, slas, rows):
    token = FeedToken.objects.first() or _issue(engagement, member)[0]
    before = list(KpiRecord.objects.values_list("sla_id", "period", "value"))
    try:
        written = record_kpi_feed(token, rows=rows, today=TODAY)
    except DomainError as exc:
        assert exc.messages
        assert list(KpiRecord.objects.values_list("sla_id", "period", "value")) == before
    else:
        assert len(written) == len(rows)
