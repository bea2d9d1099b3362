"""Run PCTS for a person: services, migrations, demo data, web + Celery worker + beat.

Ctrl-C (or SIGTERM) stops them all, and the embedded PostgreSQL and Redis if this command
started them.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from directives.demo_accounts import DEMO_ACCOUNTS  # noqa: E402

PY = sys.executable
HOST, PORT = "127.0.0.1", os.environ.get("PCTS_PORT", "8000")


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def interrupt(*_) -> None:
    """Leave through main()'s clean-up on the first stop signal; ignore the next ones.

    make forwards its own SIGTERM, so the group's SIGTERM arrives twice; a second signal must
    not cut the clean-up short.
    """
    ignore_stop_signals()
    raise KeyboardInterrupt


def ignore_stop_signals() -> None:
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


def main() -> int:
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcts.settings")
    from pcts import embedded

    idle = embedded.idle()  # the embedded servers this command starts, and stops at the end
    for sig in STOP_SIGNALS:
        signal.signal(sig, interrupt)
    children: list[subprocess.Popen] = []
    try:
        # Resolve Redis once (starting the embedded one) and hand the URL to every child;
        # PostgreSQL is found the same way by each process from var/.
        if not os.environ.get("REDIS_URL"):
            os.environ["REDIS_URL"] = embedded.redis_url()
        manage("migrate", "--no-input")
        manage("load_demo")
        manage("load_periodic_demo")
        manage("load_collection_demo")
        # Each in a process group of its own: a Ctrl-C, or a signal to the group of `make run`,
        # reaches them once, from stop() below, not twice (a second signal cuts a shutdown short).
        for command in commands():
            children.append(subprocess.Popen(command, cwd=ROOT, process_group=0))
        time.sleep(3)
        print("\n" + "=" * 72)
        print(f"PCTS is ready: http://{HOST}:{PORT}/  (Ctrl-C to stop)")
        print("Demo accounts:")
        for username, password, role in DEMO_ACCOUNTS:
            print(f"  {username:<16} {password:<16} {role}")
        print("=" * 72 + "\n", flush=True)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        for child in children:
            if child.poll() is not None:
                print(
                    f"PCTS: {' '.join(child.args[1:4])} exited; stopping the others.",
                    file=sys.stderr,
                )
    except KeyboardInterrupt:
        pass
    finally:
        ignore_stop_signals()
        stop(children)
        embedded.stop_started(idle)
    print("PCTS stopped.")
    return 0


def commands() -> list[list[str]]:
    """Return the web server, the Celery worker and beat."""
    from pcts import embedded

    schedule = str(embedded.VAR_DIR / "celerybeat-schedule")
    return [
        [PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
        [PY, "-m", "celery", "-A", "pcts", "worker", "--loglevel", "INFO", "--concurrency", "2"],
        [PY, "-m", "celery", "-A", "pcts", "beat", "--loglevel", "INFO", "--schedule", schedule],
    ]


def stop(children: list[subprocess.Popen]) -> None:
    """Ask each child to stop, give them 15 seconds together, then kill what is left."""
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.time() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


if __name__ == "__main__":
    sys.exit(main())
