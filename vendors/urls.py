from django.urls import path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path("", views.vendor_list, name="vendor-list"),
    path("new/", views.vendor_create, name="vendor-create"),
    path("export.csv", views.vendor_export, name="vendor-export"),
    path("import/", views.vendor_import, name="vendor-import"),
    path("<int:pk>/", views.vendor_detail, name="vendor-detail"),
    path("<int:pk>/edit/", views.vendor_edit, name="vendor-edit"),
]
