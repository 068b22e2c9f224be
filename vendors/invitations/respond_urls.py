"""The vendor contact's pages, under /respond/ (no account: an invitation's session)."""

from django.urls import path

from vendors.invitations import respond_views

app_name = "respond"

urlpatterns = [
    path("", respond_views.home, name="home"),
    path("items/<int:pk>/", respond_views.item, name="item"),
    path("files/<int:pk>/remove/", respond_views.file_remove, name="file-remove"),
    path("quotes/<slug:pricing_model>/", respond_views.quote, name="quote"),
    path("submit/", respond_views.submit, name="submit"),
    # Last: any other path segment is a token.
    path("<str:token>/", respond_views.enter, name="enter"),
]
