from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "portal.planning"
    label = "planning"
    verbose_name = "Steps 1-3: scope, cost case, customer base"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal import derived
        from portal.planning.models import RateCard

        # The rate card prices step 2's comparison and the outsourced scenarios: saved or deleted,
        # audited or not (a bulk load), it moves every engagement's figures.
        for signal in (post_save, post_delete):
            signal.connect(derived.bump_site_for, sender=RateCard, dispatch_uid="derived")
