from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Teams and engagements"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal.middleware import note_login_time

        # Every login (the portal's, the admin's, a test client's) notes its time in
        # the new session, the way Django's own receiver notes last_login.
        user_logged_in.connect(note_login_time, dispatch_uid="portal-note-login-time")
