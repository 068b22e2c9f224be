"""Steps 5-6: the contract's key dates, the SLAs with their standing, the KPI records
(read, and a month written through the site's form and action), the liaison log and
its follow-up actions (read and write, likewise)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from contracts.contract.queries import contract_dates, contract_for
from contracts.liaison import actions as liaison_actions
from contracts.liaison import forms as liaison_forms
from contracts.liaison import queries as liaison_queries
from contracts.models import FollowUpAction, KpiRecord, LiaisonEntry, Sla
from contracts.monitoring import actions as monitoring_actions
from contracts.monitoring import forms as monitoring_forms
from contracts.monitoring import queries as monitoring_queries
from contracts.team import team_users
from portal import access
from portal.api.base import ApiView, ListView, detail_response, engagement_for, form_data
from portal.api.errors import NON_FIELD, from_form, invalid
from portal.api.filters import FollowUpActionFilter, KpiRecordFilter, LiaisonEntryFilter
from portal.api.serializers import contracts as s


class ContractDates(ApiView):
    @extend_schema(responses=s.ContractDatesSerializer)
    def get(self, request, engagement_pk: int):
        """The contract's key dates: the term in force, the next notice deadline, what is
        coming (the same dates the reminders go out for)."""
        engagement = engagement_for(request, engagement_pk)
        contract = contract_for(engagement)
        if contract is None:
            raise Http404("No contract is recorded for this engagement.")
        dates = contract_dates(contract, timezone.localdate())
        body = {
            "vendor": contract.candidate.vendor.name,
            "start_date": contract.start_date,
            "initial_term_months": contract.initial_term_months,
            "auto_renew": contract.auto_renew,
            "renewal_term_months": contract.renewal_term_months,
            "notice_period_days": contract.notice_period_days,
            "current_term": dates.term,
            "next_notice_deadline": dates.notice.date if dates.notice else None,
            "term_days_left": dates.term_days_left,
            "notice_days_left": dates.notice_days_left,
            "upcoming": dates.upcoming,
        }
        return detail_response(request, s.ContractDatesSerializer(body).data)


def sla_standing(engagement, slas=None) -> list[dict]:
    """Each SLA with its breaches so far and its run of breached months now (two queries)."""
    table = monitoring_queries.kpi_table(engagement, slas=slas)
    return [
        {
            "id": series.sla.pk,
            "metric": series.sla.metric,
            "title": series.sla.title,
            "target": series.sla.target,
            "target_text": series.sla.target_text,
            "direction": series.sla.direction,
            "unit": series.sla.unit,
            "answer_within_seconds": series.sla.answer_within_seconds,
            "penalty": series.sla.penalty,
            "watch_only": series.sla.watch_only,
            "breaches": series.breaches,
            "consecutive_breaches": series.consecutive,
            "latest": series.latest,
        }
        for series in table.series
    ]


class SlaList(ApiView):
    @extend_schema(responses=s.SlaSerializer(many=True))
    def get(self, request, engagement_pk: int):
        """The contract's SLAs (one per metric), each with its breach standing."""
        engagement = engagement_for(request, engagement_pk)
        return Response(s.SlaSerializer(sla_standing(engagement), many=True).data)


def _metric_fields(slas: list[Sla]) -> dict[str, str]:
    return {f"sla_{sla.pk}": sla.metric for sla in slas}


class KpiRecordList(ListView):
    """KPI records, oldest month first; ``breached`` against the SLA's target."""

    serializer_class = s.KpiRecordSerializer
    filterset_class = KpiRecordFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KpiRecord.objects.none()
        engagement = engagement_for(self.request, self.kwargs["engagement_pk"])
        return (
            KpiRecord.objects.filter(sla__engagement=engagement)
            .select_related("sla", "recorded_by")
            .order_by("period", "sla_id")
        )

    @extend_schema(
        request=s.KpiMonthInputSerializer,
        responses={201: s.KpiMonthResultSerializer},
    )
    def post(self, request, engagement_pk: int):
        """Record one month's KPIs, by metric: values already recorded for the month are
        replaced, metrics left out stay as they were (the "Record a month" form)."""
        engagement = engagement_for(request, engagement_pk, write=True)
        slas = monitoring_queries.slas_for(engagement)
        if not slas:
            raise invalid({NON_FIELD: ["Add the contract's SLAs before recording KPIs."]})
        data = form_data(request, ["period"])
        values = request.data.get("values") or {}
        if not isinstance(values, dict):
            raise invalid({"values": ["Give the values as an object: metric to value."]})
        by_metric = {sla.metric: sla for sla in slas}
        unknown = sorted(set(values) - by_metric.keys())
        if unknown:
            raise invalid(
                {f"values.{m}": ["The contract has no SLA for this metric."] for m in unknown}
            )
        for metric, value in values.items():
            if isinstance(value, (dict, list)):
                raise invalid({f"values.{metric}": ["Give one number."]})
            if value is not None:
                data[f"sla_{by_metric[metric].pk}"] = value
        form = monitoring_forms.KpiMonthForm(data, slas=slas)
        if not form.is_valid():
            rename = {field: f"values.{metric}" for field, metric in _metric_fields(slas).items()}
            raise from_form(form, rename)
        month = form.to_input()
        count = monitoring_actions.kpi_record_month(
            user=request.user, engagement=engagement, data=month
        )
        result = {
            "period": month.period.isoformat()[:7],
            "recorded": count,
            "slas": sla_standing(engagement),
        }
        return Response(s.KpiMonthResultSerializer(result).data, status=status.HTTP_201_CREATED)


# --- The liaison log ------------------------------------------------------------

ENTRY_FIELDS = ["kind", "date", "participants", "summary"]


def _entry(request, engagement_pk: int, pk: int, *, write: bool = False):
    return access.get_for_engagement(
        request,
        LiaisonEntry.objects.select_related("created_by").prefetch_related("actions__owner"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE if write else access.VIEW,
    )


class LiaisonEntryList(ListView):
    """The liaison log, newest first, each entry with its follow-up actions."""

    serializer_class = s.LiaisonEntrySerializer
    filterset_class = LiaisonEntryFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LiaisonEntry.objects.none()
        engagement = engagement_for(self.request, self.kwargs["engagement_pk"])
        return liaison_queries.liaison_entries(engagement, today=timezone.localdate())

    @extend_schema(request=s.LiaisonEntryInputSerializer, responses={201: s.LiaisonEntrySerializer})
    def post(self, request, engagement_pk: int):
        """Log an entry (a meeting, an escalation, a decision…)."""
        engagement = engagement_for(request, engagement_pk, write=True)
        form = liaison_forms.LiaisonEntryForm(form_data(request, ENTRY_FIELDS))
        if not form.is_valid():
            raise from_form(form)
        entry = liaison_actions.liaison_entry_save(
            user=request.user, engagement=engagement, entry=None, data=form.to_input()
        )
        _, entry = _entry(request, engagement.pk, entry.pk)
        return Response(s.LiaisonEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class LiaisonEntryDetail(ApiView):
    @extend_schema(responses=s.LiaisonEntrySerializer)
    def get(self, request, engagement_pk: int, pk: int):
        """A liaison entry with its follow-up actions."""
        _, entry = _entry(request, engagement_pk, pk)
        return detail_response(request, s.LiaisonEntrySerializer(entry).data)

    @extend_schema(request=s.LiaisonEntryInputSerializer, responses=s.LiaisonEntrySerializer)
    def put(self, request, engagement_pk: int, pk: int):
        """Change a liaison entry (every field, as the edit form does)."""
        engagement, entry = _entry(request, engagement_pk, pk, write=True)
        form = liaison_forms.LiaisonEntryForm(form_data(request, ENTRY_FIELDS), instance=entry)
        if not form.is_valid():
            raise from_form(form)
        liaison_actions.liaison_entry_save(
            user=request.user, engagement=engagement, entry=entry, data=form.to_input()
        )
        _, entry = _entry(request, engagement.pk, entry.pk)
        return Response(s.LiaisonEntrySerializer(entry).data)


class FollowUpActionList(ListView):
    """Follow-up actions of every entry: open ones first, soonest due first
    (``?done=false&due_before=<today>`` gives the overdue ones)."""

    serializer_class = s.FollowUpActionSerializer
    filterset_class = FollowUpActionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FollowUpAction.objects.none()
        engagement = engagement_for(self.request, self.kwargs["engagement_pk"])
        return FollowUpAction.objects.filter(entry__engagement=engagement).select_related("owner")


class FollowUpActionCreate(ApiView):
    @extend_schema(
        request=s.FollowUpActionInputSerializer, responses={201: s.FollowUpActionSerializer}
    )
    def post(self, request, engagement_pk: int, pk: int):
        """Add a follow-up action to a liaison entry; its owner is one of the team."""
        engagement, entry = _entry(request, engagement_pk, pk, write=True)
        form = liaison_forms.FollowUpActionForm(
            form_data(request, ["description", "owner", "due_date"]),
            users=team_users(engagement),
        )
        if not form.is_valid():
            raise from_form(form)
        action = liaison_actions.follow_up_action_add(
            user=request.user, entry=entry, data=form.to_input()
        )
        return Response(s.FollowUpActionSerializer(action).data, status=status.HTTP_201_CREATED)


class FollowUpActionDetail(ApiView):
    def _action(self, request, engagement_pk: int, pk: int, *, write: bool = False):
        return access.get_for_engagement(
            request,
            FollowUpAction.objects.select_related("entry", "owner"),
            engagement_pk=engagement_pk,
            pk=pk,
            action=access.CHANGE if write else access.VIEW,
            via="entry__engagement",
        )[1]

    @extend_schema(responses=s.FollowUpActionSerializer)
    def get(self, request, engagement_pk: int, pk: int):
        action = self._action(request, engagement_pk, pk)
        return detail_response(request, s.FollowUpActionSerializer(action).data)

    @extend_schema(
        request=s.FollowUpDoneSerializer,
        responses=s.FollowUpActionSerializer,
    )
    def patch(self, request, engagement_pk: int, pk: int):
        """Mark a follow-up action done (``{"done": true}``) or open again."""
        action = self._action(request, engagement_pk, pk, write=True)
        done = s.FollowUpDoneSerializer(data=request.data)
        done.is_valid(raise_exception=True)
        action = liaison_actions.follow_up_action_set_done(
            user=request.user, action=action, done=done.validated_data["done"]
        )
        return Response(s.FollowUpActionSerializer(action).data)
