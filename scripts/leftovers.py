"""List the processes still running from this clone (command line or working directory inside it).

Exit 1 when there is still any after 10 seconds (time for processes that are exiting to go);
this process and its ancestors (the shell that asks) do not count.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ancestors() -> set[int]:
    """Return this process's pid and those of its ancestors."""
    pids, pid = set(), os.getpid()
    while pid > 1:
        pids.add(pid)
        stat = Path(f"/proc/{pid}/stat").read_text()
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return pids


def leftovers(root: Path = ROOT) -> list[str]:
    """Describe each process whose command line or working directory is inside `root`."""
    inside, found, mine = str(root), [], ancestors()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            args = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            cwd = os.readlink(entry / "cwd")
        except OSError:  # gone meanwhile, a zombie, or a kernel thread
            continue
        in_args = any(arg == inside or inside + "/" in arg for arg in args)
        if in_args or cwd == inside or cwd.startswith(inside + "/"):
            found.append(f"{entry.name} (cwd {cwd}): {' '.join(args).strip()}")
    return found


if __name__ == "__main__":
    deadline = time.monotonic() + 10
    while (left := leftovers()) and time.monotonic() < deadline:
        time.sleep(0.5)
    for line in left:
        print(f"left running: {line}", file=sys.stderr)
    sys.exit(1 if left else 0)
