"""Benchmark the decision report: ``make bench-report``.

In a throwaway PORTAL_VAR_DIR (its own SQLite database and filesystem broker, so
nothing of a running portal is touched), seed the demo and build a large engagement
(20 candidates with 30 due-diligence items each, 36 months of KPIs), then print:

- for each report, the median render time in a warm process (one render to warm
  up, then five timed), the peak memory (RSS high-water mark) of that process and
  the page count; each report is measured in a fresh process of its own, so the
  peak is the report's, not the bench's;
- the time from a click on "Generate report" to a downloadable PDF, through the
  broker and a real ``celery worker`` (prefork, one child): the first click once
  the worker says it is ready (what ``make run`` waits for before it prints the
  URL), then the median of five more.

Targets (issue 6): demo < 1.5 s warm; large < 8 s and < 150 MB; click-to-download < 3 s.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
CLICKS = 5


def _setup_django(var_dir: str) -> None:
    os.environ["PORTAL_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.local"
    for name in ("DATABASE_URL", "REDIS_URL", "S3_BUCKET"):
        os.environ.pop(name, None)  # the bench's own database, broker and files
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure_render(report_id: int) -> dict:
    """Run in a process of its own: warm up, then time RUNS renders of one report."""
    from portal.reports.models import Report
    from portal.reports.render import render_report

    report = Report.objects.select_related("engagement").get(pk=report_id)
    render_report(report)  # warm: imports, fonts, template loading
    gc.collect()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        rendered = render_report(report)
        times.append(time.perf_counter() - started)
        gc.collect()  # as render_report_task does once the PDF is stored
    return {
        "median_s": statistics.median(times),
        "peak_rss_mb": _peak_rss_mb(),
        "pages": rendered.pages,
        "bytes": len(rendered.pdf),
    }


def _build_large_engagement(ctx):
    from contracts.models import Metric
    from portal.reports.models import Report
    from tests.factories import CandidateFactory, EngagementFactory, QuoteFactory, VendorFactory
    from tests.factories_contracts import (
        ContractFactory,
        KpiRecordFactory,
        LiaisonEntryFactory,
        SlaFactory,
    )
    from tests.factories_diligence import (
        ChecklistTemplateItemFactory,
        TestCallFactory,
        current_template,
    )
    from vendors.diligence import actions as diligence
    from vendors.diligence.models import ChecklistItem

    engagement = EngagementFactory(
        team=ctx.team, owner=ctx.member, title="Large engagement: 20 candidates, 36 months"
    )
    template = current_template()
    for number in range(template.items.count(), 30):
        ChecklistTemplateItemFactory(template=template, order=1000 + number)
    answers = ["yes", "yes", "partial", "no", "na", ""]
    candidates = []
    for number in range(20):
        vendor = VendorFactory(name=f"Bench vendor {number + 1:02d}")
        candidate = CandidateFactory(engagement=engagement, vendor=vendor, added_by=ctx.member)
        QuoteFactory(candidate=candidate)
        checklist = diligence.checklist_start(user=ctx.member, candidate=candidate)
        for index, item in enumerate(checklist.items.all()):
            ChecklistItem.objects.filter(pk=item.pk).update(
                answer=answers[index % len(answers)],
                notes=f"Reviewed with the vendor's team lead; item {index + 1}.",
            )
        TestCallFactory(candidate=candidate, caller=ctx.member)
        candidates.append(candidate)
    candidates[0].status = "approved"
    candidates[0].save(update_fields=["status"])
    ContractFactory(engagement=engagement, candidate=candidates[0], recorded_by=ctx.member)
    metrics = list(Metric)[:4]
    for metric in metrics:
        sla = SlaFactory(engagement=engagement, metric=metric)
        for month in range(36):
            period = date(2023 + month // 12, month % 12 + 1, 1)
            KpiRecordFactory(
                sla=sla, period=period, value=Decimal(75 + month % 10), recorded_by=ctx.member
            )
    for _ in range(12):
        LiaisonEntryFactory(engagement=engagement)
    return Report.objects.create(engagement=engagement, requested_by=ctx.member)


def _start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _click_to_download(client, engagement, timeout: float = 60.0) -> float:
    from django.urls import reverse

    from portal.reports.models import Report

    started = time.perf_counter()
    response = client.post(reverse("reports:report-request", args=[engagement.pk]))
    assert response.status_code == 302, response.status_code
    report = Report.objects.filter(engagement=engagement).order_by("-id").first()
    while time.perf_counter() - started < timeout:
        report.refresh_from_db()
        if report.status == Report.Status.DONE:
            download = client.get(
                reverse("reports:report-download", args=[engagement.pk, report.public_id])
            )
            assert download.status_code == 200
            b"".join(download.streaming_content)
            return time.perf_counter() - started
        if report.status == Report.Status.FAILED:
            raise RuntimeError(f"report failed: {report.error}")
        time.sleep(0.02)
    raise RuntimeError(f"no worker finished the report within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.render:  # the child process of one render measurement
        _setup_django(args.var_dir)
        print(json.dumps(measure_render(args.render)))
        return

    var_dir = tempfile.mkdtemp(prefix="portal-bench-report-")
    _setup_django(var_dir)
    from django.core.management import call_command
    from django.test import Client

    from portal.demo import DEMO_TITLE
    from portal.models import Engagement
    from portal.reports.models import Report

    print(f"Setting up in {var_dir} (SQLite, filesystem broker)...", flush=True)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from portal.demo import seed

    ctx = seed()
    demo = Engagement.objects.get(title=DEMO_TITLE)
    demo_report = Report.objects.create(engagement=demo, requested_by=ctx.member)
    large_report = _build_large_engagement(ctx)

    results = {}
    for label, report in [("demo", demo_report), ("large", large_report)]:
        out = subprocess.run(
            [sys.executable, __file__, "--render", str(report.pk), "--var-dir", var_dir],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[label] = json.loads(out.strip().splitlines()[-1])

    ready_dir = Path(var_dir) / "worker-ready"
    env = {**os.environ, "PORTAL_WORKER_READY_DIR": str(ready_dir)}
    started = time.perf_counter()
    worker = _start_worker(env)
    try:
        # As `make run` does: the URL is printed once the worker's child is warm.
        while not any(ready_dir.glob("child-*")):
            if worker.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError("the worker did not get ready within 120 s")
            time.sleep(0.05)
        ready = time.perf_counter() - started
        client = Client(HTTP_HOST="localhost")
        client.force_login(ctx.member)
        # The button is on the engagement page: a user has it open before the click.
        assert client.get(demo.get_absolute_url()).status_code == 200
        first = _click_to_download(client, demo)
        clicks = [_click_to_download(client, demo) for _ in range(CLICKS)]
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    print()
    print(f"Decision report benchmark (median of {RUNS} warm renders, own process each)")
    print(f"{'report':<8}{'render (s)':>12}{'peak RSS (MB)':>16}{'pages':>8}{'size (KB)':>11}")
    for label, row in results.items():
        print(
            f"{label:<8}{row['median_s']:>12.2f}{row['peak_rss_mb']:>16.0f}"
            f"{row['pages']:>8}{row['bytes'] / 1024:>11.0f}"
        )
    print()
    print(
        f"Click to downloadable PDF (demo, filesystem broker, prefork worker): median "
        f"{statistics.median(clicks):.2f} s over {CLICKS} clicks, "
        f"min {min(clicks):.2f} s, max {max(clicks):.2f} s; the first click {first:.2f} s "
        f"(once the worker was ready, as `make run` waits for: {ready:.1f} s after its start)"
    )
    print("Targets: demo < 1.5 s, large < 8 s and < 150 MB, click-to-download < 3 s.")


if __name__ == "__main__":
    main()
