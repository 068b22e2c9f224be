"""The web benchmark's users (run by scripts/bench_web.py, ``make bench-web``).

``LoginPage`` asks for the login page only (the stack's ceiling: no database work).
``Mix`` is a signed-in team member going through the pages of the journey without a
pause; ``Thinking`` does the same with 5-15 s between clicks. Each signed-in user takes
a session prepared by the benchmark (the plan file, BENCH_PLAN): the password hash is
deliberately slow and a login is not what the benchmark measures.

Every request is written to BENCH_OUT when the run stops: its page name, time, the
server's query count (the bench settings' X-Queries header) and whether it failed.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import threading
import time
from pathlib import Path

from locust import HttpUser, between, constant, events, task

_plan_file = os.environ.get("BENCH_PLAN")
PLAN = json.loads(Path(_plan_file).read_text()) if _plan_file else {}
_sessions = itertools.cycle(PLAN.get("users", []) or [{}])
_lock = threading.Lock()
RECORDS: list[tuple[str, float, float, int, bool]] = []
SEARCH_WORDS = ["contact", "care", "harbor", "summit", "voice", "pacific", "manila", "cx"]
REGIONS = ["asia_philippines", "latin_america", "india", "eastern_europe", "usa_canada"]
CHANNELS = ["inbound_phone", "email", "chat"]


@events.request.add_listener
def _record(name, response_time, response, exception, **kwargs):
    queries = -1
    if response is not None and response.headers is not None:
        try:
            queries = int(response.headers.get("X-Queries", -1))
        except ValueError:
            queries = -1
    RECORDS.append((name, time.time(), response_time, queries, exception is not None))


@events.quitting.add_listener
def _write(environment, **kwargs):
    if out := os.environ.get("BENCH_OUT"):
        with open(out, "w") as handle:
            json.dump(RECORDS, handle)


class LoginPage(HttpUser):
    wait_time = constant(0)

    @task
    def login_page(self):
        self.client.get("/accounts/login/", name="login page")


class Mix(HttpUser):
    """A signed-in member on one of their team's engagements."""

    wait_time = constant(0)

    def on_start(self):
        with _lock:
            self.plan = next(_sessions)
        self.client.cookies.set("sessionid", self.plan["session"])

    # --- what the user reads ----------------------------------------------------

    def _engagement(self) -> dict:
        return random.choice(self.plan["engagements"])

    def _get(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif response.url and "/accounts/login/" in response.url:
                response.failure(f"signed out on {path}")

    @task(10)
    def dashboard(self):
        self._get("/", "dashboard")

    @task(2)
    def dashboard_filtered(self):
        self._get("/?status=live", "dashboard (filtered)")

    @task(10)
    def engagement(self):
        self._get(f"/engagements/{self._engagement()['id']}/", "engagement")

    @task(3)
    def scope(self):
        self._get(f"/engagements/{self._engagement()['id']}/scope/", "step 1 scope")

    @task(3)
    def cost(self):
        self._get(f"/engagements/{self._engagement()['id']}/cost/", "step 2 cost")

    @task(3)
    def customers(self):
        self._get(f"/engagements/{self._engagement()['id']}/customers/", "step 3 customers")

    @task(3)
    def candidates(self):
        self._get(f"/engagements/{self._engagement()['id']}/candidates/", "step 4 candidates")

    @task(5)
    def compare(self):
        self._get(f"/engagements/{self._engagement()['id']}/compare/", "compare")

    @task(2)
    def diligence(self):
        self._get(f"/engagements/{self._engagement()['id']}/due-diligence/", "due diligence")

    @task(4)
    def checklist(self):
        engagement = self._engagement()
        if engagement["candidates"]:
            candidate = random.choice(engagement["candidates"])
            self._get(
                f"/engagements/{engagement['id']}/candidates/{candidate['id']}/checklist/",
                "checklist",
            )

    @task(3)
    def liaison(self):
        self._get(f"/engagements/{self._engagement()['id']}/liaison/", "step 5 liaison")

    @task(4)
    def monitoring(self):
        self._get(f"/engagements/{self._engagement()['id']}/monitoring/", "step 6 monitoring")

    @task(3)
    def exit_plan(self):
        self._get(f"/engagements/{self._engagement()['id']}/exit/", "step 7 exit")

    @task(4)
    def history(self):
        self._get(f"/engagements/{self._engagement()['id']}/history/", "history")

    @task(3)
    def vendors(self):
        self._get("/vendors/", "vendors")

    @task(4)
    def vendor_search(self):
        self._get(f"/vendors/?q={random.choice(SEARCH_WORDS)}", "vendor search")

    @task(3)
    def vendor_filter(self):
        self._get(
            f"/vendors/?region={random.choice(REGIONS)}&channel={random.choice(CHANNELS)}",
            "vendor filters",
        )

    # --- what the user writes ---------------------------------------------------

    def _post(self, path: str, data: dict, name: str):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(path, data=data, name=name, catch_response=True) as response:
            # A saved form redirects; a form shown again was refused.
            if response.status_code != 200 or not response.history:
                response.failure(f"{response.status_code}, form not saved on {path}")

    @task(1)
    def liaison_entry(self):
        engagement = self._engagement()
        self._get(f"/engagements/{engagement['id']}/liaison/new/", "liaison entry form")
        self._post(
            f"/engagements/{engagement['id']}/liaison/new/",
            {
                "kind": "meeting",
                "date": datetime.date.today().isoformat(),
                "participants": "Vendor account manager",
                "summary": "Weekly call: queue times back on target.",
            },
            "post liaison entry",
        )

    @task(1)
    def checklist_answer(self):
        engagement = self._engagement()
        if not engagement["candidates"]:
            return
        candidate = random.choice(engagement["candidates"])
        item = random.choice(candidate["items"])
        path = (
            f"/engagements/{engagement['id']}/candidates/{candidate['id']}/checklist/items/{item}/"
        )
        self._get(path, "checklist item form")
        self._post(
            path,
            {
                "answer": random.choice(["yes", "partial", "no"]),
                "risk": random.choice(["low", "medium", "high"]),
                "reviewer": str(self.plan["user_id"]),
                "notes": "Checked with the vendor's documents.",
            },
            "post checklist answer",
        )

    @task(1)
    def kpi_month(self):
        engagement = self._engagement()
        if not engagement["slas"]:
            return
        path = f"/engagements/{engagement['id']}/monitoring/kpis/new/"
        self._get(path, "KPI month form")
        month = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
        data = {"period": f"{month:%Y-%m}"}
        for sla in engagement["slas"]:
            data[f"sla_{sla['id']}"] = str(random.randint(sla["low"], sla["high"]))
        self._post(path, data, "post KPI month")


class Thinking(Mix):
    """The same member, reading each page for 5 to 15 seconds."""

    wait_time = between(5, 15)
