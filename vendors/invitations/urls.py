"""The team's side of invitations, under /engagements/<engagement_pk>/."""

from django.urls import path

from vendors.invitations import round_views, views

app_name = "invitations"

_candidate = "candidates/<int:candidate_pk>"
_invitation = f"{_candidate}/invitations/<int:pk>"

urlpatterns = [
    path("rounds/", round_views.round_list, name="round-list"),
    path("rounds/new/", round_views.round_create, name="round-create"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/extend/", round_views.round_extend, name="round-extend"),
    path(
        "rounds/<int:pk>/reopen-weights/",
        round_views.round_reopen_weights,
        name="round-reopen-weights",
    ),
    path(f"{_candidate}/invitations/", views.invitation_list, name="invitation-list"),
    path(f"{_invitation}/", views.invitation_detail, name="invitation-detail"),
    path(f"{_invitation}/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path(f"{_invitation}/extend/", views.invitation_extend, name="invitation-extend"),
    path(f"{_invitation}/reopen/", views.invitation_reopen, name="invitation-reopen"),
    path(f"{_invitation}/review-all/", views.review_all, name="review-all"),
    path(
        f"{_candidate}/proposed-answers/<int:pk>/review/",
        views.answer_review,
        name="answer-review",
    ),
    path(f"{_candidate}/proposed-quotes/<int:pk>/review/", views.quote_review, name="quote-review"),
    path(
        f"{_candidate}/proposed-files/<int:pk>/download/",
        views.proposed_file_download,
        name="proposed-file-download",
    ),
]
