"""Write operations of steps 5-7: one transaction each, audited with the acting user."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts import deadlines, kpis
from contracts.models import (
    METRIC_DEFAULTS,
    WATCH_ONLY_REASON,
    Contract,
    ContractDocument,
    EscalationLevel,
    ExitPlan,
    ExitTrigger,
    FollowUpAction,
    Governance,
    KpiRecord,
    LiaisonEntry,
    RaciRow,
    SentReminder,
    Sla,
    TransitionStep,
    sla_contradictions,
)
from contracts.queries import approved_candidate, team_users
from portal import access, uploads
from portal.actions import engagement_change_status
from portal.errors import DomainError
from portal.models import Engagement, Membership

CONTRACT_FIELDS = (
    "quote",
    "price_schedule_notes",
    "start_date",
    "initial_term_months",
    "auto_renew",
    "renewal_term_months",
    "notice_period_days",
    "termination_for_convenience",
    "termination_for_cause",
    "termination_fee",
    "currency",
    "attorney_review",
    "attorney_name",
    "attorney_reviewed_on",
    "attorney_notes",
)


def _set(obj, data: dict, fields) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


def _require_team_user(engagement: Engagement, user, what: str) -> None:
    if user is not None and not team_users(engagement).filter(pk=user.pk).exists():
        raise DomainError(f"The {what} must be a member of {engagement.team}.")


# --- Contract -------------------------------------------------------------------


@transaction.atomic
def contract_save(*, user, engagement: Engagement, data: dict) -> Contract:
    """Record or update the contract with the approved vendor; the engagement goes live."""
    access.require(user, access.CHANGE, engagement)
    candidate = approved_candidate(engagement)
    if candidate is None:
        raise DomainError("A manager must approve a vendor before its contract is recorded.")
    quote = data.get("quote")
    if quote is not None and quote.candidate_id != candidate.pk:
        raise DomainError("The price schedule must be one of the approved vendor's quotes.")
    problem = deadlines.start_problem(data["start_date"]) or deadlines.notice_too_long(
        data["start_date"], data["initial_term_months"], data["notice_period_days"]
    )
    if problem:
        raise DomainError(problem)
    with set_actor(user):
        contract = Contract.objects.select_for_update().filter(engagement=engagement).first()
        if contract is None:
            contract = Contract(engagement=engagement, recorded_by=user)
        contract.candidate = candidate
        _set(contract, data, CONTRACT_FIELDS)
        contract.save()
        if engagement.status not in (Engagement.Status.LIVE, Engagement.Status.CLOSED):
            engagement_change_status(
                user=user,
                engagement=engagement,
                to=Engagement.Status.LIVE,
                reason=f"Contract with {candidate.vendor} recorded.",
            )
    return contract


@transaction.atomic
def contract_document_add(*, user, contract: Contract, title: str, uploaded) -> ContractDocument:
    """Store a contract document under the same hostile-upload rules as evidence.

    Raises DomainError with the reason when the file is refused (type, size, name).
    """
    access.require(user, access.CHANGE, contract.engagement)
    try:
        inspected = uploads.inspect_upload(uploaded, purpose=uploads.CONTRACT_DOCUMENT)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="file") from exc
    name = uploads.store_upload(uploaded, inspected, folder=f"contracts/{contract.pk}")
    try:
        with set_actor(user):
            return ContractDocument.objects.create(
                contract=contract,
                title=title.strip() or inspected.display_name,
                storage_name=name,
                original_name=inspected.display_name,
                content_type=inspected.content_type,
                kind=inspected.kind,
                size=inspected.size,
                uploaded_by=user,
            )
    except Exception:
        uploads.delete_stored(name)  # no row, so no file either
        raise


@transaction.atomic
def contract_document_delete(*, user, document: ContractDocument) -> None:
    access.require(user, access.CHANGE, document.contract.engagement)
    with set_actor(user):
        name = document.storage_name
        document.delete()
        transaction.on_commit(lambda: uploads.delete_stored(name))


def _team_emails(engagement: Engagement) -> list[str]:
    return sorted(
        Membership.objects.filter(team_id=engagement.team_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def contract_reminders_send(*, contract_id: int, today: date) -> int:
    """E-mail the team every reminder due today for one contract; returns how many were sent.

    Each reminder is claimed by inserting its SentReminder row first: the unique
    constraint (contract, kind, deadline, days before) lets only one run win, so a
    second run, a retried task or a restarted worker finds the row and sends
    nothing. The mail is sent inside the claim's transaction: if sending fails
    the claim is rolled back and the next run tries again.
    """
    contract = (
        Contract.objects.select_related("engagement__team", "candidate__vendor")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None or contract.engagement.status == Engagement.Status.CLOSED:
        return 0
    sent = 0
    for deadline, days_before in deadlines.reminders_due(contract.terms, today):
        recipients = _team_emails(contract.engagement)
        if not recipients:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        contract=contract,
                        kind=deadline.kind,
                        deadline=deadline.date,
                        days_before=days_before,
                        recipients=", ".join(recipients),
                    )
            except IntegrityError:
                continue  # another run already claimed (and sent) this reminder
            send_mail(
                subject=_reminder_subject(contract, deadline, today),
                message=_reminder_body(contract, deadline, today),
                from_email=None,
                recipient_list=recipients,
            )
            sent += 1
    return sent


def _reminder_subject(contract: Contract, deadline: deadlines.Deadline, today: date) -> str:
    left = deadlines.days_left(deadline.date, today)
    return (
        f"[{contract.engagement.title}] {deadline.label} in {left} days ({deadline.date:%Y-%m-%d})"
    )


def _reminder_body(contract: Contract, deadline: deadlines.Deadline, today: date) -> str:
    t = contract.terms
    lines = [
        f"Engagement: {contract.engagement.title}",
        f"Vendor: {contract.candidate.vendor}",
        f"{deadline.label}: {deadline.date:%A %d %B %Y} "
        f"({deadlines.days_left(deadline.date, today)} days from today).",
        f"Current term: {deadline.term.start:%Y-%m-%d} to {deadline.term.end:%Y-%m-%d}.",
        f"Notice period: {t.notice_days} days. "
        + (
            f"Without notice the contract renews for {t.renewal_months} months."
            if t.auto_renew
            else "The contract does not renew automatically."
        ),
        "",
        "Decide now whether to renew, renegotiate or start the exit plan.",
    ]
    return "\n".join(lines)


# --- Governance and liaison -----------------------------------------------------


@transaction.atomic
def governance_save(*, user, engagement: Engagement, liaison, monitor, procedures: str):
    access.require(user, access.CHANGE, engagement)
    _require_team_user(engagement, liaison, "liaison")
    _require_team_user(engagement, monitor, "person monitoring the vendor")
    with set_actor(user):
        governance, _ = Governance.objects.select_for_update().get_or_create(engagement=engagement)
        governance.liaison = liaison
        governance.monitor = monitor
        governance.procedures = procedures.strip()
        governance.save()
    return governance


@transaction.atomic
def raci_row_save(*, user, engagement: Engagement, row: RaciRow | None, data: dict) -> RaciRow:
    access.require(user, access.CHANGE, engagement)
    row = row or RaciRow(engagement=engagement)
    with set_actor(user):
        _set(row, data, ("activity", "responsible", "accountable", "consulted", "informed"))
        if row.pk is None:
            row.position = RaciRow.objects.filter(engagement=engagement).count()
        row.save()
    return row


@transaction.atomic
def escalation_level_save(
    *, user, engagement: Engagement, level: EscalationLevel | None, data: dict
) -> EscalationLevel:
    access.require(user, access.CHANGE, engagement)
    taken = EscalationLevel.objects.filter(engagement=engagement, level=data["level"])
    if level is not None:
        taken = taken.exclude(pk=level.pk)
    if taken.exists():
        raise DomainError(f"Level {data['level']} is already on the escalation path.")
    level = level or EscalationLevel(engagement=engagement)
    with set_actor(user):
        _set(level, data, ("level", "who", "trigger", "response_hours"))
        level.save()
    return level


@transaction.atomic
def governance_row_delete(*, user, row: RaciRow | EscalationLevel) -> None:
    access.require(user, access.CHANGE, row.engagement)
    with set_actor(user):
        row.delete()


@transaction.atomic
def liaison_entry_save(
    *, user, engagement: Engagement, entry: LiaisonEntry | None, data: dict
) -> LiaisonEntry:
    access.require(user, access.CHANGE, engagement)
    entry = entry or LiaisonEntry(engagement=engagement, created_by=user)
    with set_actor(user):
        _set(entry, data, ("kind", "date", "participants", "summary"))
        entry.save()
    return entry


@transaction.atomic
def followup_action_add(
    *, user, entry: LiaisonEntry, description: str, owner, due_date: date
) -> FollowUpAction:
    access.require(user, access.CHANGE, entry.engagement)
    _require_team_user(entry.engagement, owner, "owner of a follow-up action")
    with set_actor(user):
        return FollowUpAction.objects.create(
            entry=entry, description=description.strip(), owner=owner, due_date=due_date
        )


@transaction.atomic
def followup_action_set_done(*, user, action: FollowUpAction, done: bool) -> FollowUpAction:
    access.require(user, access.CHANGE, action.entry.engagement)
    with set_actor(user):
        action.done = done
        action.done_at = timezone.now() if done else None
        action.save(update_fields=["done", "done_at"])
    return action


# --- SLAs and KPIs --------------------------------------------------------------


@transaction.atomic
def sla_save(*, user, engagement: Engagement, sla: Sla | None, data: dict) -> Sla:
    access.require(user, access.CHANGE, engagement)
    metric = data.get("metric", sla.metric if sla else None)
    duplicate = Sla.objects.filter(engagement=engagement, metric=metric)
    if sla is not None:
        duplicate = duplicate.exclude(pk=sla.pk)
    if duplicate.exists():
        raise DomainError("This contract already has an SLA for that metric; edit it instead.")
    # The stored metric: a model form has already written the new one on ``sla``.
    stored = Sla.objects.filter(pk=sla.pk).first() if sla is not None else None
    if stored is not None and metric != stored.metric and stored.records.exists():
        # Its KPI values were measured for the old metric: they would be read as the new one.
        raise DomainError(
            f"{stored.title} has KPIs recorded, which would be read as another metric's. "
            "Keep this SLA and add a new one for the other metric."
        )
    sla = sla or Sla(engagement=engagement)
    with set_actor(user):
        _set(
            sla, data, ("metric", "target", "direction", "unit", "answer_within_seconds", "penalty")
        )
        usual_direction, usual_unit = METRIC_DEFAULTS[sla.metric]
        sla.direction = sla.direction or usual_direction
        sla.unit = sla.unit or usual_unit
        problems = sla_contradictions(sla.metric, sla.direction, sla.unit)
        if problems:
            raise DomainError(" ".join(problems.values()))
        if sla.watch_only:
            if sla.target is not None:
                raise DomainError(WATCH_ONLY_REASON)
        elif sla.target is None:
            raise DomainError("Give the SLA a target.")
        if sla.metric != "service_level":
            sla.answer_within_seconds = None
        sla.save()
    return sla


@transaction.atomic
def sla_delete(*, user, sla: Sla) -> None:
    access.require(user, access.CHANGE, sla.engagement)
    with set_actor(user):
        sla.delete()


def _kpi_upsert(user, slas: dict[str, Sla], rows: list[tuple[date, str, Decimal]]) -> int:
    ids = [s.pk for s in slas.values()]
    periods = {period for period, _, _ in rows}
    existing = {
        (r.sla_id, r.period): r
        for r in KpiRecord.objects.filter(sla_id__in=ids, period__in=periods)
    }
    for period, metric, value in rows:
        sla = slas[metric]
        record = existing.get((sla.pk, period))
        if record is None:
            record = KpiRecord(sla=sla, period=period, recorded_by=user)
        else:
            record.sla = sla  # cached, so the audit entry finds its engagement without a query
        if record.pk is None or record.value != value:
            record.value = value
            record.recorded_by = user
            record.save()
    return len(rows)


@transaction.atomic
def kpi_record_month(
    *,
    user,
    engagement: Engagement,
    period: date,
    values: dict[int, Decimal | None],
    today: date | None = None,
) -> int:
    """Record one month's KPIs (by SLA id); blank values leave that SLA's month as it was.

    A month still to come is refused: its KPIs would show breaches that never happened.
    """
    access.require(user, access.CHANGE, engagement)
    future = kpis.future_month_problem(period.replace(day=1), today or timezone.localdate())
    if future:
        raise DomainError(f"No KPIs can be recorded for {future}.")
    if period.year < kpis.EARLIEST_YEAR:
        raise DomainError(
            f"{period.isoformat()[:7]} is not a valid month (from {kpis.EARLIEST_YEAR})."
        )
    slas = {s.metric: s for s in Sla.objects.filter(engagement=engagement)}
    by_id = {s.pk: s for s in slas.values()}
    rows = []
    for sla_id, value in values.items():
        if value is None:
            continue
        sla = by_id.get(sla_id)
        if sla is None:
            raise DomainError("That SLA is not part of this contract.")
        rule = sla.rule()
        if value < rule.minimum or (rule.maximum is not None and value > rule.maximum):
            raise DomainError(f"{sla.title}: {value} is outside {rule.minimum}-{rule.maximum}.")
        rows.append((period.replace(day=1), sla.metric, value))
    if not rows:
        raise DomainError("Enter at least one value.")
    with set_actor(user):
        return _kpi_upsert(user, slas, rows)


@transaction.atomic
def kpi_import_csv(*, user, engagement: Engagement, text: str, today: date | None = None) -> int:
    """Import ``period,metric,value`` rows: all of them, or none if any row is wrong.

    Raises DomainError with every bad line named when the file has errors; a month
    after the current one (``today``'s) is an error.
    """
    access.require(user, access.CHANGE, engagement)
    slas = {s.metric: s for s in Sla.objects.filter(engagement=engagement)}
    parsed, errors = kpis.parse_kpi_csv(
        text, {m: s.rule() for m, s in slas.items()}, latest=today or timezone.localdate()
    )
    if errors:
        raise KpiImportError(errors)
    with set_actor(user):
        return _kpi_upsert(user, slas, [(r.period, r.metric, r.value) for r in parsed])


class KpiImportError(DomainError):
    def __init__(self, errors: list[str]):
        count = len(errors)
        super().__init__(
            f"Nothing was imported: {count} problem{'s' if count != 1 else ''} to fix."
        )
        self.errors = errors


# --- Exit plan ------------------------------------------------------------------

EXIT_PLAN_FIELDS = (
    "hiring_lead_days",
    "training_lead_days",
    "ramp_up_cost",
    "data_return",
    "data_destruction",
    "readiness",
    "notes",
)


@transaction.atomic
def exit_plan_save(*, user, engagement: Engagement, data: dict) -> ExitPlan:
    access.require(user, access.CHANGE, engagement)
    with set_actor(user):
        plan = ExitPlan.objects.select_for_update().filter(engagement=engagement).first()
        plan = plan or ExitPlan(engagement=engagement)
        _set(plan, data, EXIT_PLAN_FIELDS)
        plan.save()
    return plan


@transaction.atomic
def exit_trigger_add(*, user, engagement: Engagement, data: dict) -> ExitTrigger:
    access.require(user, access.CHANGE, engagement)
    sla = data.get("sla")
    if data["kind"] == ExitTrigger.Kind.SLA_BREACH_RUN:
        if sla is None:
            raise DomainError("Choose the SLA whose breaches trigger the exit.")
        if sla.engagement_id != engagement.pk:
            raise DomainError("That SLA is not part of this contract.")
        if sla.watch_only:
            raise DomainError("A watch-only metric has no target, so it cannot be breached.")
    else:
        sla = None
    with set_actor(user):
        return ExitTrigger.objects.create(
            engagement=engagement,
            kind=data["kind"],
            sla=sla,
            months=data.get("months") or 3,
            description=data.get("description", "").strip(),
            assessed_met=bool(data.get("assessed_met")),
        )


@transaction.atomic
def exit_trigger_set_met(*, user, trigger: ExitTrigger, met: bool) -> ExitTrigger:
    access.require(user, access.CHANGE, trigger.engagement)
    if trigger.kind == ExitTrigger.Kind.SLA_BREACH_RUN:
        raise DomainError("This condition is checked against the KPI data, not set by hand.")
    with set_actor(user):
        trigger.assessed_met = met
        trigger.save(update_fields=["assessed_met"])
    return trigger


@transaction.atomic
def transition_step_add(
    *, user, engagement: Engagement, description: str, owner, due_date: date
) -> TransitionStep:
    access.require(user, access.CHANGE, engagement)
    _require_team_user(engagement, owner, "owner of a transition step")
    with set_actor(user):
        return TransitionStep.objects.create(
            engagement=engagement, description=description.strip(), owner=owner, due_date=due_date
        )


@transaction.atomic
def transition_step_set_done(*, user, step: TransitionStep, done: bool) -> TransitionStep:
    access.require(user, access.CHANGE, step.engagement)
    with set_actor(user):
        step.done = done
        step.save(update_fields=["done"])
    return step


@transaction.atomic
def exit_row_delete(*, user, row: ExitTrigger | TransitionStep) -> None:
    access.require(user, access.CHANGE, row.engagement)
    with set_actor(user):
        row.delete()
