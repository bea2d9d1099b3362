"""The demo data reads the seed texts from the package itself, never from beside the project."""

from pathlib import Path

from directives import demo

PROJECT = Path(__file__).resolve().parents[2]


def test_every_seed_directive_finds_its_text_inside_the_package():
    assert demo.SEEDS_DIR.is_relative_to(PROJECT / "directives")
    for symbol, name in demo.SEED_FILES.items():
        assert (demo.SEEDS_DIR / name).read_text(encoding="utf-8").strip(), symbol
