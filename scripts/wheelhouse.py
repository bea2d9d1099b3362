"""Build wheelhouse/: every runtime dependency as a wheel, at the versions constraints.txt pins.

The image installs only from it (`pip install --no-index --find-links`), so nothing is
downloaded while the image is built or run. Run on the platform the image uses (Linux x86_64,
CPython 3.12, glibc): the wheels are those of this machine's platform.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "wheelhouse"


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    OUT.mkdir(exist_ok=True)
    requirements = OUT / "requirements.txt"
    requirements.write_text(
        "# The image's requirements (pyproject.toml dependencies), pinned by constraints.txt.\n"
        + "\n".join(project["dependencies"])
        + "\n"
    )
    (OUT / "constraints.txt").write_text((ROOT / "constraints.txt").read_text())
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--disable-pip-version-check",
        "--wheel-dir",
        str(OUT),
        "-c",
        str(OUT / "constraints.txt"),
        "-r",
        str(requirements),
    ]
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode == 0:
        count = len(list(OUT.glob("*.whl")))
        print(f"PCTS: {count} wheels in {OUT.relative_to(ROOT)}/")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
