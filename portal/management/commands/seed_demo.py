from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.journey.demo import seed_demo


class Command(BaseCommand):
    help = "Create the demo teams, users (password 'portal-demo') and engagement. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even where the settings are not for development (DEBUG off and no "
            "demo logins shown): the demo users all have a published password.",
        )

    def handle(self, *args, **options):
        # Demo users share a password printed in the README: never create them on a
        # real server by accident (production settings have neither flag on).
        if not (settings.DEBUG or settings.PORTAL_SHOW_DEMO_LOGINS or options["force"]):
            raise CommandError(
                "Refusing to seed demo data: these settings are not for development "
                "(DEBUG and PORTAL_SHOW_DEMO_LOGINS are off), and the demo users have the "
                "published password 'portal-demo'. Use --force if you really mean it."
            )
        ctx = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: engagement “{ctx.engagement.title}” (id {ctx.engagement.pk}); "
                "logins member, manager, outsider, admin with password 'portal-demo'."
            )
        )
