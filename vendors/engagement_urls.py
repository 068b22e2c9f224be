from django.urls import path

from vendors import engagement_views as views

app_name = "vetting"

urlpatterns = [
    path("candidates/", views.candidate_list, name="candidate-list"),
    path("candidates/add/", views.candidate_add, name="candidate-add"),
    path("candidates/<int:pk>/remove/", views.candidate_remove, name="candidate-remove"),
    path("candidates/<int:pk>/quotes/add/", views.quote_add, name="quote-add"),
    path("candidates/<int:pk>/recommend/", views.candidate_recommend, name="candidate-recommend"),
    path("candidates/<int:pk>/approve/", views.candidate_approve, name="candidate-approve"),
    path("candidates/<int:pk>/reject/", views.candidate_reject, name="candidate-reject"),
    path("quotes/<int:pk>/edit/", views.quote_edit, name="quote-edit"),
    path("quotes/<int:pk>/delete/", views.quote_delete, name="quote-delete"),
    path("compare/", views.compare, name="compare"),
    path("compare/weights/", views.weights_save, name="weights-save"),
]
