"""Steps 5-7 under /engagements/<engagement_pk>/: contract, liaison, monitoring, exit."""

from django.urls import path

from contracts.contract import views as contract
from contracts.exit import views as exit_plan
from contracts.liaison import views as liaison
from contracts.monitoring import exports as monitoring_exports
from contracts.monitoring import feed_views as feeds
from contracts.monitoring import governance_views as governance
from contracts.monitoring import plan_views as test_call_plan
from contracts.monitoring import review_views as review
from contracts.monitoring import views as monitoring

app_name = "contracts"

urlpatterns = [
    path("contract/", contract.contract_detail, name="contract-detail"),
    path("contract/edit/", contract.contract_edit, name="contract-edit"),
    path("contract/documents/", contract.document_upload, name="document-upload"),
    path("contract/documents/<int:pk>/", contract.document_download, name="document-download"),
    path("contract/documents/<int:pk>/delete/", contract.document_delete, name="document-delete"),
    path("liaison/", liaison.liaison_list, name="liaison-list"),
    path("liaison/new/", liaison.liaison_entry_create, name="liaison-entry-create"),
    path("liaison/<int:pk>/", liaison.liaison_entry_detail, name="liaison-entry-detail"),
    path("liaison/<int:pk>/edit/", liaison.liaison_entry_edit, name="liaison-entry-edit"),
    path("liaison/<int:pk>/actions/", liaison.follow_up_create, name="follow-up-create"),
    path("liaison/actions/<int:pk>/done/", liaison.follow_up_done, name="follow-up-done"),
    path("monitoring/", monitoring.monitoring, name="monitoring"),
    path("monitoring/governance/", governance.governance_edit, name="governance-edit"),
    path("monitoring/tier/", review.vendor_tier, name="vendor-tier"),
    path("monitoring/slas/new/", monitoring.sla_create, name="sla-create"),
    path("monitoring/slas/<int:pk>/edit/", monitoring.sla_edit, name="sla-edit"),
    path("monitoring/slas/<int:pk>/delete/", monitoring.sla_delete, name="sla-delete"),
    path("monitoring/kpis/new/", monitoring.kpi_record, name="kpi-record"),
    path("monitoring/kpis/import/", monitoring.kpi_import, name="kpi-import"),
    path("monitoring/kpis/export.xlsx", monitoring_exports.kpi_export, name="kpi-export"),
    path("monitoring/feeds/new/", feeds.feed_token_create, name="feed-token-create"),
    path("monitoring/feeds/<int:pk>/revoke/", feeds.feed_token_revoke, name="feed-token-revoke"),
    path("monitoring/test-calls/", test_call_plan.test_call_plan, name="test-call-plan"),
    path(
        "monitoring/test-calls/generate/",
        test_call_plan.test_call_plan_generate,
        name="test-call-plan-generate",
    ),
    path(
        "monitoring/test-calls/target/",
        test_call_plan.test_call_target_edit,
        name="test-call-target-edit",
    ),
    path(
        "monitoring/test-calls/<int:pk>/log/",
        test_call_plan.planned_call_log,
        name="planned-call-log",
    ),
    path("monitoring/raci/new/", governance.raci_create, name="raci-create"),
    path("monitoring/raci/<int:pk>/edit/", governance.raci_edit, name="raci-edit"),
    path("monitoring/raci/<int:pk>/delete/", governance.raci_delete, name="raci-delete"),
    path("monitoring/escalation/new/", governance.escalation_create, name="escalation-create"),
    path(
        "monitoring/escalation/<int:pk>/edit/", governance.escalation_edit, name="escalation-edit"
    ),
    path(
        "monitoring/escalation/<int:pk>/delete/",
        governance.escalation_delete,
        name="escalation-delete",
    ),
    path("exit/", exit_plan.exit_plan, name="exit-plan"),
    path("exit/edit/", exit_plan.exit_plan_edit, name="exit-plan-edit"),
    path("exit/triggers/new/", exit_plan.exit_trigger_create, name="exit-trigger-create"),
    path("exit/triggers/<int:pk>/met/", exit_plan.exit_trigger_met, name="exit-trigger-met"),
    path(
        "exit/triggers/<int:pk>/delete/",
        exit_plan.exit_trigger_delete,
        name="exit-trigger-delete",
    ),
    path("exit/steps/new/", exit_plan.transition_step_create, name="transition-step-create"),
    path("exit/steps/<int:pk>/done/", exit_plan.transition_step_done, name="transition-step-done"),
    path(
        "exit/steps/<int:pk>/delete/",
        exit_plan.transition_step_delete,
        name="transition-step-delete",
    ),
]
