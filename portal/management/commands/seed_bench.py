import time

from django.core.management.base import BaseCommand, CommandError

from portal.journey import bench_data


class Command(BaseCommand):
    help = (
        "Load the load benchmark's dataset (1,000 engagements, 20 teams of 10 users, 300 "
        "vendors, 20,000 checklist answers, 50,000 KPI rows) into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database already holds users, teams or engagements "
            "(the bench users all have a published password).",
        )
        parser.add_argument("--seed", type=int, default=11, help="Random seed (default 11).")

    def handle(self, *args, **options):
        if bench_data.database_has_data() and not options["force"]:
            raise CommandError(
                "Refusing to seed the benchmark data: this database already holds users, "
                "teams or engagements, and the bench users have the published password "
                f"'{bench_data.PASSWORD}'. Use a new database, or --force if you really mean it."
            )
        started = time.monotonic()
        counts = bench_data.seed(seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Bench data ready in {time.monotonic() - started:.0f} s: {counts.teams} teams, "
                f"{counts.users} users, {counts.engagements} engagements, {counts.vendors} "
                f"vendors, {counts.answered_items:,} checklist answers, {counts.kpi_rows:,} KPI "
                f"rows; large engagement id {counts.large_engagement_id}; logins "
                f"bench01-01 .. bench{bench_data.TEAMS:02d}-{bench_data.USERS_PER_TEAM:02d} "
                f"with password '{bench_data.PASSWORD}'."
            )
        )
