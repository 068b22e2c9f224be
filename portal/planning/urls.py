from django.urls import path

from portal.planning import exports, views

app_name = "planning"

urlpatterns = [
    path("scope/", views.scope_detail, name="scope-detail"),
    path("scope/edit/", views.scope_edit, name="scope-edit"),
    path("scope/scope.json", views.scope_download, name="scope-download"),
    path("scope/<str:channel>/intervals/", views.interval_import, name="interval-import"),
    path("cost/", views.cost_detail, name="cost-detail"),
    path("cost/edit/", views.cost_edit, name="cost-edit"),
    path("cost/export.xlsx", exports.cost_export, name="cost-export"),
    path("customers/", views.customers_detail, name="customers-detail"),
    path("customers/edit/", views.customers_edit, name="customers-edit"),
]
