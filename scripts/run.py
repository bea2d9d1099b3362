"""Run PCTS for a person: services, migrations, demo data, web + Celery worker + beat; Ctrl-C stops all."""

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


def main() -> int:
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcts.settings")
    from pcts import embedded

    # Resolve Redis once (starting the embedded one) and hand the URL to every child; PostgreSQL
    # is found the same way by each process from var/.
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = embedded.redis_url()
    manage("migrate", "--no-input")
    manage("load_demo")
    commands = [
        [PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
        [PY, "-m", "celery", "-A", "pcts", "worker", "--loglevel", "INFO", "--concurrency", "2"],
        [
            PY,
            "-m",
            "celery",
            "-A",
            "pcts",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(embedded.VAR_DIR / "celerybeat-schedule"),
        ],
    ]
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    children: list[subprocess.Popen] = []
    try:
        for command in commands:
            children.append(subprocess.Popen(command, cwd=ROOT))
        time.sleep(3)
        print("\n" + "=" * 72)
        print(f"PCTS is ready: http://{HOST}:{PORT}/  (Ctrl-C to stop)")
        print("Demo accounts:")
        for username, password, role in DEMO_ACCOUNTS:
            print(f"  {username:<16} {password:<16} {role}")
        print("=" * 72 + "\n", flush=True)
        while not stopping:
            for child in children:
                if child.poll() is not None:
                    print(
                        f"PCTS: {' '.join(child.args[1:4])} exited; stopping the others.",
                        file=sys.stderr,
                    )
                    stopping = True
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.time() + 15
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                child.kill()
    print("PCTS stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
