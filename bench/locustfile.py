"""The load test's simulated users, run by locust as a library in a process of its own.

`python -m bench.locustfile PLAN.json RESULT.json` reads the plan (host, users, seconds and the
personas' sessions and paths that bench/load.py wrote), runs locust headless (gevent, no web
UI), and writes the totals. It imports no Django: locust's gevent patches the standard library.
"""

import json
import random
import sys
import uuid

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

PLAN: dict = {}


def _cookie(persona: dict) -> str:
    return f"sessionid={persona['session']}; csrftoken={persona['csrf']}"


class UnitUser(HttpUser):
    """A unit's head or focal point: the inbox, their assignments, and now and then a report."""

    weight = 4
    wait_time = between(1, 5)

    def on_start(self):
        self.persona = random.choice(PLAN["unit_personas"])
        self.client.headers["Cookie"] = _cookie(self.persona)

    @task(4)
    def inbox(self):
        self.client.get(PLAN["paths"]["inbox"], name="inbox")

    @task(4)
    def assignment(self):
        pk = random.choice(self.persona["assignments"])
        self.client.get(PLAN["paths"]["assignment"].format(pk=pk), name="assignment")

    @task(1)
    def report_submit(self):
        pk = random.choice(self.persona["reportable"] or self.persona["assignments"])
        data = {
            "body": "Báo cáo tiến độ (kiểm thử tải): đã triển khai theo kế hoạch.",
            "percent": "50",
            "milestone": "",
            "submission_token": str(uuid.uuid4()),
            "csrfmiddlewaretoken": self.persona["csrf"],
        }
        url = PLAN["paths"]["report_submit"].format(pk=pk)
        with self.client.post(
            url, data, name="report_submit", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code not in (302, 303):
                response.failure(f"report submit answered {response.status_code}")


class InspectorUser(HttpUser):
    """Inspectorate staff and leaders: the lists and the dashboard."""

    weight = 1
    wait_time = between(1, 5)

    def on_start(self):
        self.persona = random.choice(PLAN["inspector_personas"])
        self.client.headers["Cookie"] = _cookie(self.persona)

    @task(3)
    def overdue_list(self):
        self.client.get(PLAN["paths"]["list"], name="list")

    @task(1)
    def directive_list(self):
        self.client.get(PLAN["paths"]["directive_list"], name="directive_list")

    @task(2)
    def dashboard(self):
        self.client.get(PLAN["paths"]["dashboard"], name="dashboard")


def _summary(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "p50_ms": round(entry.get_response_time_percentile(0.5) or 0, 1),
        "p95_ms": round(entry.get_response_time_percentile(0.95) or 0, 1),
        "p99_ms": round(entry.get_response_time_percentile(0.99) or 0, 1),
    }


def run(plan: dict) -> dict:
    PLAN.update(plan)
    env = Environment(user_classes=[UnitUser, InspectorUser], events=events, host=plan["host"])
    runner = env.create_local_runner()
    runner.start(plan["users"], spawn_rate=plan["spawn_rate"])
    gevent.spawn_later(plan["seconds"], runner.quit)
    runner.greenlet.join()
    total = env.stats.total
    seconds = (
        max(total.last_request_timestamp - total.start_time, 1e-9) if total.num_requests else 1
    )
    result = {
        **_summary(total),
        "rps": round(total.num_requests / seconds, 2),
        "users": plan["users"],
        "seconds": plan["seconds"],
        "by_kind": {name: _summary(entry) for (name, _method), entry in env.stats.entries.items()},
        "error_samples": [
            f"{error.method} {error.name}: {error.error} ×{error.occurrences}"
            for error in list(env.stats.errors.values())[:5]
        ],
    }
    return result


if __name__ == "__main__":
    plan_path, result_path = sys.argv[1], sys.argv[2]
    with open(plan_path) as handle:
        outcome = run(json.load(handle))
    with open(result_path, "w") as handle:
        json.dump(outcome, handle)
