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

        from auditlog.models import LogEntry
        from django.contrib.auth import get_user_model
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from portal import derived
        from portal.models import ExchangeRate, Membership

        # Every audited change raises its engagement's version (or the site's), in its
        # transaction: derived figures are cached under it (portal.derived).
        post_save.connect(derived.bump_for_log_entry, sender=LogEntry, dispatch_uid="derived")
        post_save.connect(derived.bump_for_user, sender=get_user_model(), dispatch_uid="derived")
        # A deleted person's name leaves the audit lines (a bulk update, no signal).
        post_delete.connect(derived.bump_site_for, sender=get_user_model(), dispatch_uid="derived")
        # Exchange rates price every quote: saved or deleted, audited or not (a bulk
        # load), they move every engagement's figures.
        for signal in (post_save, post_delete):
            signal.connect(derived.bump_site_for, sender=ExchangeRate, dispatch_uid="derived")
        # The signed-in user and their roles are kept per version of that person.
        from portal import auth_backend

        for signal in (post_save, post_delete):
            for model in (get_user_model(), Membership):
                signal.connect(auth_backend.moved, sender=model, dispatch_uid="auth-cache")
        request_started.connect(derived.start_unit, dispatch_uid="derived-start")
        request_finished.connect(derived.forget_changes, dispatch_uid="derived-end")
        from celery.signals import task_postrun, task_prerun

        task_prerun.connect(derived.start_unit, weak=False, dispatch_uid="derived-start")
        task_postrun.connect(derived.forget_changes, weak=False, dispatch_uid="derived-end")
