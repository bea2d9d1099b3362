"""Check that `make run` leaves nothing behind: start it on a free port in its own process group,
wait for its page, signal the group (SIGTERM, then Ctrl-C's SIGINT on a second run) and fail
unless it said it stopped the embedded servers and no process of the clone is left.

Run it when nothing of the clone is running (CI: after `make test`).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from leftovers import ROOT, leftovers

sys.path.insert(0, str(ROOT))
from pcts import embedded  # noqa: E402

STOPPED = "PCTS: stopped the embedded PostgreSQL and Redis this command started."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def check(sig: signal.Signals) -> str | None:
    """Run `make run` until its page answers, send `sig` to its group; return what went wrong."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = ROOT / "var" / f"check-run-{sig.name}.log"
    log_path.parent.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    with open(log_path, "wb") as log:
        make = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env=env | {"PCTS_PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 300
    while not ("PCTS is ready" in log_path.read_text() and answers(url)):
        if make.poll() is not None or time.monotonic() > deadline:
            os.killpg(make.pid, signal.SIGKILL)
            return f"make run did not serve {url}; see {log_path}"
        time.sleep(1)
    print(f"check: {url} answers; sending {sig.name} to the group of make run", flush=True)
    os.killpg(make.pid, sig)
    try:
        make.wait(90)
    except subprocess.TimeoutExpired:
        return f"make run was still running 90 s after {sig.name}; see {log_path}"
    if STOPPED not in log_path.read_text():
        return f"make run did not say {STOPPED!r}; see {log_path}"
    if embedded.running():
        return f"the embedded {', '.join(sorted(embedded.running()))} still run after {sig.name}"
    left = leftovers()
    return "left running:\n  " + "\n  ".join(left) if left else None


def main() -> int:
    # A Python handler (unlike an inherited "ignore") is reset in the children: they see
    # SIGINT as a terminal's Ctrl-C delivers it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if left := leftovers():
        print("check: processes of the clone run already:\n  " + "\n  ".join(left), file=sys.stderr)
        return 1
    for sig in (signal.SIGTERM, signal.SIGINT):
        if problem := check(sig):
            print(f"check: after {sig.name}: {problem}", file=sys.stderr)
            return 1
        print(f"check: after {sig.name}, nothing of the clone is left", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
