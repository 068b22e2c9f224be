from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "vendors"
    label = "vendors"
    verbose_name = "Step 4: vendors, candidates and approval"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal import derived
        from vendors.models import Vendor

        # The vendor registry shows in every comparison and step summary: saved or deleted,
        # audited or not (a bulk load), it moves every engagement's figures.
        for signal in (post_save, post_delete):
            signal.connect(derived.bump_site_for, sender=Vendor, dispatch_uid="derived")
