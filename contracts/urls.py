"""Steps 5-7 under /engagements/<engagement_pk>/: contract, liaison, monitoring, exit."""

from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("contract/", views.contract_detail, name="contract-detail"),
    path("contract/edit/", views.contract_edit, name="contract-edit"),
    path("contract/documents/", views.document_upload, name="document-upload"),
    path("contract/documents/<int:pk>/", views.document_download, name="document-download"),
    path("contract/documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("liaison/", views.liaison_list, name="liaison-list"),
    path("liaison/new/", views.liaison_entry_create, name="liaison-entry-create"),
    path("liaison/<int:pk>/", views.liaison_entry_detail, name="liaison-entry-detail"),
    path("liaison/<int:pk>/edit/", views.liaison_entry_edit, name="liaison-entry-edit"),
    path("liaison/<int:pk>/actions/", views.followup_create, name="followup-create"),
    path("liaison/actions/<int:pk>/done/", views.followup_done, name="followup-done"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/governance/", views.governance_edit, name="governance-edit"),
    path("monitoring/slas/new/", views.sla_create, name="sla-create"),
    path("monitoring/slas/<int:pk>/edit/", views.sla_edit, name="sla-edit"),
    path("monitoring/slas/<int:pk>/delete/", views.sla_delete, name="sla-delete"),
    path("monitoring/kpis/new/", views.kpi_record, name="kpi-record"),
    path("monitoring/kpis/import/", views.kpi_import, name="kpi-import"),
    path("monitoring/raci/new/", views.raci_create, name="raci-create"),
    path("monitoring/raci/<int:pk>/edit/", views.raci_edit, name="raci-edit"),
    path("monitoring/raci/<int:pk>/delete/", views.raci_delete, name="raci-delete"),
    path("monitoring/escalation/new/", views.escalation_create, name="escalation-create"),
    path("monitoring/escalation/<int:pk>/edit/", views.escalation_edit, name="escalation-edit"),
    path(
        "monitoring/escalation/<int:pk>/delete/",
        views.escalation_delete,
        name="escalation-delete",
    ),
    path("exit/", views.exit_plan, name="exit-plan"),
    path("exit/edit/", views.exit_plan_edit, name="exit-plan-edit"),
    path("exit/triggers/new/", views.exit_trigger_create, name="exit-trigger-create"),
    path("exit/triggers/<int:pk>/met/", views.exit_trigger_met, name="exit-trigger-met"),
    path("exit/triggers/<int:pk>/delete/", views.exit_trigger_delete, name="exit-trigger-delete"),
    path("exit/steps/new/", views.transition_step_create, name="transition-step-create"),
    path("exit/steps/<int:pk>/done/", views.transition_step_done, name="transition-step-done"),
    path(
        "exit/steps/<int:pk>/delete/", views.transition_step_delete, name="transition-step-delete"
    ),
]
