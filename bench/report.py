"""Targets, the printed table, the JSON document and the machine-independent query checks."""

import json
import os
import platform
from pathlib import Path

PAGE_NAMES = [
    "dashboard",
    "dashboard_asof",
    "dashboard_cold",
    "dashboard_asof_cold",
    "list_page1",
    "list_deep",
    "inbox",
    "matrix",
    "report_submit",
]
ALL_NAMES = ["generation", "reference", *PAGE_NAMES, "reminders"]
# Run only when named in --only: the load test through the production server (bench/load.py).
OPTIONAL_NAMES = ["load_mixed"]
LOAD_P95_TARGET_MS = 500
# Timing targets hold at scale L on the reference machine (2 cores); query targets at every scale.
P95_TARGETS = {
    "dashboard": 150,
    "dashboard_asof": 150,
    "list_page1": 150,
    "list_deep": 150,
    "inbox": 150,
    "matrix": 150,
    "report_submit": 200,
}
SECONDS_TARGETS = {"generation": 180, "reminders": 10}
# R_mail (the reminder job against a bare smtplib loop) is reported as information, not a target:
# the product target is the job itself (≤ 10 s, one message per recipient).
RATIO_TARGETS = {"R_dash": 1.5}
DASHBOARD_MAX_QUERIES = 8


def machine(pg_version: str) -> str:
    """Describe the machine in one line: CPU model, cores, RAM, PostgreSQL version."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kib = int(
            next(
                line
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ).split()[1]
        )
        ram = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{ram}, PostgreSQL {pg_version}"


def ratios(metrics: dict) -> dict:
    """Compute R_dash and R_mail from the metrics that ran.

    R_dash compares the dashboard *counting* (its cache switched off: `dashboard_cold`) with the
    bare GROUP BY; the cached dashboard would only compare a cache read with it.
    """
    result = {}
    dash = metrics.get("dashboard_cold") or metrics.get("dashboard")
    if dash and "reference" in metrics and metrics["reference"]["p50_ms"]:
        result["R_dash"] = round(dash["p50_ms"] / metrics["reference"]["p50_ms"], 2)
    mail = metrics.get("reminders")
    if mail and mail.get("bare_loop_seconds"):
        result["R_mail"] = round(mail["seconds"] / mail["bare_loop_seconds"], 2)
    return result


def query_failures(metrics: dict) -> list[str]:
    """Return the query-count targets missed: dashboard ≤ 8, lists and views independent of rows."""
    failures = []
    for name in ("dashboard", "dashboard_asof"):
        dash = metrics.get(name)
        if dash and dash["queries"] > DASHBOARD_MAX_QUERIES:
            failures.append(f"{name}: {dash['queries']} queries > {DASHBOARD_MAX_QUERIES}")
    first, deep = metrics.get("list_page1"), metrics.get("list_deep")
    if first and deep and first["queries"] != deep["queries"]:
        failures.append(
            f"assignment list: page 1 takes {first['queries']} queries, page {deep['page']} {deep['queries']}"
        )
    for name in ("inbox", "matrix"):
        m = metrics.get(name)
        if m and "queries_small" in m and m["queries"] != m["queries_small"]:
            failures.append(
                f"{name}: {m['queries']} queries for the big case, {m['queries_small']} for the small one"
            )
    return failures


def timing_misses(metrics: dict, result_ratios: dict) -> list[str]:
    """Return the timing targets missed (meaningful at scale L on the reference machine)."""
    misses = []
    for name, limit in P95_TARGETS.items():
        if name in metrics and metrics[name]["p95_ms"] > limit:
            misses.append(f"{name}: p95 {metrics[name]['p95_ms']} ms > {limit} ms")
    for name, limit in SECONDS_TARGETS.items():
        if name in metrics and metrics[name].get("seconds", 0) > limit:
            misses.append(f"{name}: {metrics[name]['seconds']} s > {limit} s")
    load = metrics.get("load_mixed")
    if load and (load["p95_ms"] > LOAD_P95_TARGET_MS or load["errors"]):
        misses.append(f"load_mixed: p95 {load['p95_ms']} ms, {load['errors']} errors")
    if "reminders" in metrics and not metrics["reminders"].get("one_per_recipient"):
        misses.append("reminders: not exactly one message per recipient")
    for name, limit in RATIO_TARGETS.items():
        if name in result_ratios and result_ratios[name] > limit:
            misses.append(f"{name}: {result_ratios[name]} > {limit}")
    return misses


def _target(name: str, m: dict) -> tuple[str, bool | None]:
    if name in P95_TARGETS:
        text, ok = f"p95 ≤ {P95_TARGETS[name]} ms", m["p95_ms"] <= P95_TARGETS[name]
        if name in ("dashboard", "dashboard_asof"):
            text += f", ≤ {DASHBOARD_MAX_QUERIES} q"
            ok = ok and m["queries"] <= DASHBOARD_MAX_QUERIES
        if "queries_small" in m:
            text += ", q same when small"
            ok = ok and m["queries"] == m["queries_small"]
        return text, ok
    if name == "generation":
        return f"≤ {SECONDS_TARGETS[name]} s", m["seconds"] <= SECONDS_TARGETS[name]
    if name == "reminders":
        return "≤ 10 s, 1 per recipient", m["seconds"] <= 10 and m["one_per_recipient"]
    if name == "load_mixed":
        ok = m["p95_ms"] <= LOAD_P95_TARGET_MS and m["errors"] == 0
        return f"p95 ≤ {LOAD_P95_TARGET_MS} ms, 0 errors", ok
    return "", None


def _notes(name: str, m: dict) -> str:
    if name == "generation":
        return f"{m['seconds']} s" + (
            " (reused: measured when generated)" if m.get("reused") else ""
        )
    if name == "reminders":
        return (
            f"{m['digests']} digests, {m['items']} items, {m['seconds']} s;"
            f" bare loop {m['bare_loop_seconds']} s; one per recipient: {'yes' if m['one_per_recipient'] else 'NO'}"
        )
    if name == "reference":
        return f"{m['rows']} unit rows, {m['runs']} runs"
    if name == "load_mixed":
        return (
            f"{m['users']} users, {m['seconds']} s: {m['requests']} req, {m['rps']} rps, "
            f"p99 {m['p99_ms']} ms, {m['errors']} errors"
        )
    notes = f"{m['requests']} req, {m['bytes']} B"
    if "queries_small" in m:
        notes += f", small case {m['queries_small']} q"
    if "page" in m:
        notes += f", page {m['page']} of {m.get('pages', '?')}"
    return notes


def table(document: dict) -> str:
    """Render the results as a fixed-width table, targets and verdicts included."""
    scale, metrics, result_ratios = document["scale"], document["metrics"], document["ratios"]
    lines = [
        f"PCTS bench, scale {scale}: {document['spec']}",
        f"machine: {document['machine']}",
        "load average (1 min) at start {start}, at end {end}".format(**document["load_average"])
        if "load_average" in document
        else "",
        "",
        f"{'metric':<14}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}  {'target (scale L)':<36}{'':<5}notes",
    ]
    for name in [*ALL_NAMES, *OPTIONAL_NAMES]:
        if name not in metrics:
            continue
        m = metrics[name]
        p50 = f"{m['p50_ms']:.1f}" if "p50_ms" in m else "-"
        p95 = f"{m['p95_ms']:.1f}" if "p95_ms" in m else "-"
        queries = str(m["queries"]) if "queries" in m else "-"
        target, ok = _target(name, m)
        verdict = "" if ok is None else ("ok" if ok else "MISS")
        lines.append(
            f"{name:<14}{p50:>9}{p95:>9}{queries:>9}  {target:<36}{verdict:<5}{_notes(name, m)}"
        )
    for name, value in result_ratios.items():
        limit = RATIO_TARGETS.get(name)
        target = "information" if limit is None else f"≤ {limit}"
        verdict = "" if limit is None else ("ok" if value <= limit else "MISS")
        lines.append(f"{name:<14}{value:>9.2f}{'':>18}  {target:<36}{verdict:<5}")
    for note in document.get("notes", []):
        lines.append(f"note: {note}")
    return "\n".join(lines)


def write_json(document: dict, path: str) -> None:
    """Write the contract document: scale, machine, metrics, ratios (plus spec and notes)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
