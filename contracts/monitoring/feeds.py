"""KPI feeds: a vendor's own system posts the monthly KPIs of one engagement with a feed
token, instead of someone typing them in or uploading the CSV.

A member issues a token on the monitoring page and sees it once; only its SHA-256 hash
is stored. The token writes KPI records of its engagement and nothing else. A post is
checked as the CSV import checks a file (``contracts.kpis``), written all or nothing,
and idempotent on (SLA, month): posting the same month again updates it. The audit
history names the token as the source; the breach runs and standing follow at once,
as they are read from the records (``queries.kpi_table``).

The HTTP endpoint (``POST /api/v1/feeds/kpis``) authenticates with
``authenticate_feed_token`` and hands the body to ``record_kpi_feed``.
"""

from __future__ import annotations

import contextlib
import datetime
import hmac
import secrets
from dataclasses import dataclass

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from contracts import kpis
from contracts.models import COMPUTED, FeedToken, KpiRecord, Sla
from contracts.monitoring.actions import kpi_upsert, kpi_value_column
from portal import access, uploads
from portal.errors import DomainError
from portal.models import Engagement
from portal.tokens import token_hash

DEFAULT_DAYS = 90
MAX_DAYS = 366
PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 200  # a raw token is 43 characters; anything much longer is not one


@dataclass(frozen=True)
class FeedTokenInput:
    """A token as the issue form gives it: a name, and the last day it works (blank:
    ``DEFAULT_DAYS`` from today)."""

    name: str
    expires_on: datetime.date | None = None


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def feed_token_check(data: FeedTokenInput, today: datetime.date) -> datetime.date:
    """The rules of a new token, each message by its field; returns its last day."""
    problems: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        problems["name"] = ["Name the token after the system that will post with it."]
    elif len(name) > FeedToken._meta.get_field("name").max_length:
        problems["name"] = ["Keep the name to 100 characters."]
    last_day = data.expires_on or today + datetime.timedelta(days=DEFAULT_DAYS)
    if last_day <= today:
        problems["expires_on"] = ["Choose a day after today."]
    elif last_day > today + datetime.timedelta(days=MAX_DAYS):
        problems["expires_on"] = [
            f"A feed token works for at most {MAX_DAYS} days; issue a new one after."
        ]
    if problems:
        raise DomainError(fields=problems)
    return last_day


@transaction.atomic
def issue_feed_token(
    engagement: Engagement, *, user, data: FeedTokenInput, today: datetime.date | None = None
) -> tuple[FeedToken, str]:
    """Issue a token for ``engagement``'s KPI feed; the raw token is returned here once
    and never stored."""
    access.require(user, access.CHANGE, engagement)
    last_day = feed_token_check(data, today or timezone.localdate())
    raw = secrets.token_urlsafe(32)  # 256 bits
    with set_actor(user):
        token = FeedToken.objects.create(
            engagement=engagement,
            name=data.name.strip(),
            token_hash=token_hash(raw),
            prefix=raw[:PREFIX_LENGTH],
            created_by=user,
            expires_at=_end_of(last_day),
        )
    return token, raw


@transaction.atomic
def revoke_feed_token(token: FeedToken, *, user) -> FeedToken:
    """Stop ``token`` from working; revoking a revoked token changes nothing.

    A member of the team may revoke, and so may a site administrator (from the admin,
    for a token that leaked): revoking only takes access away."""
    if not (user.is_active and user.is_superuser):
        access.require(user, access.CHANGE, token.engagement)
    if token.revoked_at is None:
        with set_actor(user):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def authenticate_feed_token(raw: str) -> FeedToken | None:
    """The active token ``raw`` is, or None (unknown, revoked or expired).

    The lookup is by the token's hash, so no comparison of secrets depends on how much
    of a guess is right; the hash is compared once more in constant time."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    digest = token_hash(raw)
    token = FeedToken.objects.select_related("engagement__team").filter(token_hash=digest).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    now = timezone.now()
    if token.status(now) != FeedToken.Status.ACTIVE:
        return None
    # An UPDATE, not save(): the last use is not audited and must not race a revocation.
    FeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token


def _problems(errors: list[str], key: str) -> DomainError:
    count = len(errors)
    return DomainError(
        f"Nothing was recorded: {count} problem{'s' if count != 1 else ''} to fix.",
        fields={key: errors},
    )


@transaction.atomic
def record_kpi_feed(
    feed_token: FeedToken,
    *,
    rows=None,
    csv_text: str | None = None,
    user=None,
    today: datetime.date | None = None,
) -> list[KpiRecord]:
    """Record the KPIs a feed sends: ``rows`` (``{"metric", "month", "value"}`` objects,
    from JSON) or ``csv_text`` (the KPI import's ``period,metric,value`` file).

    All or nothing: any bad row raises DomainError naming every bad row and field (the
    summary first, then one message per problem under ``"rows"`` or ``"csv_text"``).
    Idempotent on (SLA, month). Returns the record of every row sent, in order.
    ``user`` is the person posting, if any; the feed token is the source either way.
    """
    if (rows is None) == (csv_text is None):
        raise DomainError("Send either JSON rows or a CSV file, not both or neither.")
    # Read again, locked: a token revoked since it was authenticated writes nothing.
    token = (
        FeedToken.objects.select_for_update()
        .select_related("engagement")
        .filter(pk=feed_token.pk)
        .first()
    )
    if token is None or token.status() != FeedToken.Status.ACTIVE:
        raise DomainError("This feed token is revoked or expired.")
    slas = {
        s.metric: s
        for s in Sla.objects.filter(engagement_id=token.engagement_id).exclude(metric__in=COMPUTED)
    }
    rules = {metric: sla.rule() for metric, sla in slas.items()}
    latest, column = today or timezone.localdate(), kpi_value_column()
    if csv_text is not None:
        if len(csv_text.encode("utf-8", "surrogatepass")) > uploads.KPI_CSV.limit:
            raise DomainError(
                f"The file is larger than {uploads.KPI_CSV.limit_mb} MB; send it in parts.",
                field="csv_text",
            )
        parsed, errors = kpis.parse_kpi_csv(csv_text, rules, latest=latest, column=column)
        key = "csv_text"
    else:
        parsed, errors = kpis.parse_kpi_rows(rows, rules, latest=latest, column=column)
        key = "rows"
    if errors:
        raise _problems(errors, key)
    actor = set_actor(user) if user is not None else contextlib.nullcontext()
    with actor:
        return kpi_upsert(
            user, slas, [(r.period, r.metric, r.value) for r in parsed], feed_token=token
        )
