"""Steps 5-7, a module per step: the contract with the approved vendor, the liaison log,
SLA/KPI monitoring with its governance, and the exit plan that keeps the in-house option.
Everything is importable from ``contracts.models`` as before."""

from contracts.models.contract import Contract, ContractDocument, SentReminder
from contracts.models.exit import ExitPlan, ExitTrigger, TransitionStep
from contracts.models.feeds import FeedToken
from contracts.models.liaison import FollowUpAction, LiaisonEntry
from contracts.models.monitoring import (
    COMPUTED,
    METRIC_DEFAULTS,
    METRIC_UNITS,
    WATCH_ONLY,
    WATCH_ONLY_REASON,
    EscalationLevel,
    Governance,
    KpiRecord,
    Metric,
    RaciRow,
    Sla,
    metric_name,
)
from contracts.models.standing import VendorTier
from contracts.models.test_plan import (
    DEFAULT_CALLS_PER_MONTH,
    MAX_CALLS_PER_MONTH,
    PlannedCall,
    TestCallPlan,
    TestCallTarget,
)

__all__ = [
    "COMPUTED",
    "DEFAULT_CALLS_PER_MONTH",
    "MAX_CALLS_PER_MONTH",
    "PlannedCall",
    "TestCallPlan",
    "TestCallTarget",
    "METRIC_DEFAULTS",
    "METRIC_UNITS",
    "WATCH_ONLY",
    "WATCH_ONLY_REASON",
    "Contract",
    "ContractDocument",
    "EscalationLevel",
    "ExitPlan",
    "ExitTrigger",
    "FeedToken",
    "FollowUpAction",
    "Governance",
    "KpiRecord",
    "LiaisonEntry",
    "Metric",
    "RaciRow",
    "SentReminder",
    "Sla",
    "TransitionStep",
    "VendorTier",
    "metric_name",
]
