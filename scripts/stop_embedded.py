"""Stop the embedded PostgreSQL and Redis under var/ (if they run).

`--idle` prints the embedded servers this environment would use that are not running yet;
`--started NAME…` stops those of them that run now and says so (how `make test` stops what it
started, and only that).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pcts import embedded  # noqa: E402

if sys.argv[1:2] == ["--idle"]:
    print(" ".join(sorted(embedded.idle())))
elif sys.argv[1:2] == ["--started"]:
    embedded.stop_started(set(sys.argv[2:]))
else:
    embedded.stop(embedded.SERVERS)
    print("embedded services stopped")
