import time

from django.core.management.base import BaseCommand

from portal.journey import warm


class Command(BaseCommand):
    help = (
        "Fill the shared cache after a deploy or a bulk load: read every open "
        "engagement's pages (and each team's dashboard) once, as a member of its team, "
        "so the first readers do not wait for the figures to be computed."
    )

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(warmed):
            if warmed.engagements % 100 == 0:
                self.stdout.write(f"{warmed.engagements} engagements, {warmed.pages} pages")

        warmed = warm.warm(progress)
        for failure in warmed.failed:
            self.stderr.write(f"Not warmed: {failure}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Warmed {warmed.pages} pages of {warmed.engagements} engagements in "
                f"{time.monotonic() - started:.0f} s"
                + (f"; {len(warmed.failed)} pages failed (above)" if warmed.failed else ".")
            )
        )
