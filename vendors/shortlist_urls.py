"""The shortlist of one engagement (step 4), under /engagements/<engagement_pk>/:
candidates and their quotes, the comparison, and the approval of one vendor."""

from django.urls import path

from vendors import approval_views, comparison_views, exports, shortlist_views

app_name = "shortlist"

urlpatterns = [
    path("candidates/", shortlist_views.candidate_list, name="candidate-list"),
    path("candidates/add/", shortlist_views.candidate_add, name="candidate-add"),
    path("candidates/<int:pk>/remove/", shortlist_views.candidate_remove, name="candidate-remove"),
    path("candidates/<int:pk>/quotes/add/", shortlist_views.quote_add, name="quote-add"),
    path("quotes/<int:pk>/edit/", shortlist_views.quote_edit, name="quote-edit"),
    path("quotes/<int:pk>/delete/", shortlist_views.quote_delete, name="quote-delete"),
    path(
        "candidates/<int:pk>/recommend/",
        approval_views.candidate_recommend,
        name="candidate-recommend",
    ),
    path(
        "candidates/<int:pk>/approve/", approval_views.candidate_approve, name="candidate-approve"
    ),
    path("candidates/<int:pk>/reject/", approval_views.candidate_reject, name="candidate-reject"),
    path("compare/", comparison_views.compare, name="compare"),
    path("compare/weights/", comparison_views.weights_save, name="weights-save"),
    path("compare/export.xlsx", exports.comparison_export, name="compare-export"),
]
