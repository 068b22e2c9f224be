from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "vendors"
    label = "vendors"
    verbose_name = "Step 4: vendors, candidates and approval"
