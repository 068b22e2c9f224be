from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from portal import demo


class Command(BaseCommand):
    help = "Create the demo teams, users (password 'portal-demo') and engagement. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        ctx = None
        for path in settings.PORTAL_DEMO_SEEDERS:
            result = import_string(path)(ctx)
            if isinstance(result, demo.DemoContext):
                ctx = result
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: engagement “{ctx.engagement.title}” (id {ctx.engagement.pk}); "
                "logins member, manager, outsider, admin with password 'portal-demo'."
            )
        )
