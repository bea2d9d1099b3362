"""Two beats by mistake: the ledger still sends each reminder mail exactly once.

Two `celery beat` processes fire the reminder sweep every two seconds into one Redis, two prefork
workers (two children each, as compose runs them) execute the sweeps at once, and an aiosmtpd
sink counts what arrives.
"""

import subprocess
import sys

import pytest

from ops.models import Heartbeat
from tests.e2e.reminder_rig import ROOT, wait_until, worker_env
from tests.e2e.test_reminder_faults import (  # noqa: F401 - the fault tests' fixtures, reused
    all_sent,
    broker,
    heads,
    sink,
    today,
    workers,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class Beat:
    """A `celery -A pcts beat` subprocess with its own schedule and pid files, logging to a file."""

    def __init__(self, tmp_path, name: str, env: dict):
        self.log_path = tmp_path / f"{name}.log"
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pcts",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(tmp_path / f"{name}-schedule"),
                "--pidfile",
                str(tmp_path / f"{name}.pid"),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def sweeps_sent(self) -> int:
        text = self.log_path.read_text(errors="replace")
        return text.count("Sending due task reminders-sweep")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


def test_two_beats_and_two_prefork_workers_send_each_mail_exactly_once(
    tmp_path,
    broker,  # noqa: F811
    sink,  # noqa: F811
    workers,  # noqa: F811
    heads,  # noqa: F811
):
    people = heads(6)
    env = dict(redis_url=broker.url, smtp_port=sink.port, PCTS_REMINDER_SWEEP_SECONDS=2)
    # The beats start first (their early sweeps expire in the queue), the workers meanwhile.
    beats = [Beat(tmp_path, f"beat{n}", worker_env(**env)) for n in (1, 2)]
    try:
        running = [workers(f"w{n}", pool="prefork", **env) for n in (1, 2)]

        def sweeps_run() -> int:
            return sum(
                line.count("directives.tasks.reminders_sweep[")
                for worker in running
                for line in worker.output().splitlines()
                if " succeeded in " in line
            )

        wait_until(all_sent, timeout=60, message="every digest to be sent")
        # Both beats go on firing the sweep at the running workers: none may send anything again.
        fired, ran = [beat.sweeps_sent() for beat in beats], sweeps_run()
        wait_until(
            lambda: all(beat.sweeps_sent() >= n + 2 for beat, n in zip(beats, fired, strict=True)),
            timeout=60,
            message="each beat to fire the sweep twice more",
        )
        wait_until(lambda: sweeps_run() >= ran + 3, timeout=30, message="the workers to run them")
        assert all(beat.process.poll() is None for beat in beats)
    finally:
        for beat in beats:
            beat.stop()
    assert sorted(sink.keys().values()) == [1] * len(people)
    assert sorted(m["to"][0] for m in sink.messages) == sorted(p.email for p in people)
    # The real beat and the real sweep recorded the heartbeats /readyz checks.
    assert set(Heartbeat.objects.values_list("name", flat=True)) == {"beat", "reminders-sweep"}
