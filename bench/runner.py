"""Run the benchmark: find or build the scale's database, measure, and return the JSON document."""

import datetime
import os
import time

from django.db import DatabaseError, connection
from django.utils import timezone

from bench import database, generate, load, mail, pages, reference, report
from bench.marker import read_marker, shift_dates
from bench.scales import Scale, reminders_scale


class BenchError(RuntimeError):
    """The benchmark could not measure what it was asked to."""


def selected_names(only: str | None) -> list[str]:
    """Resolve --only into metric names; the dashboard brings its reference along (R_dash)."""
    if not only:
        return list(report.ALL_NAMES)
    names = [n.strip() for n in only.split(",") if n.strip()]
    known = [*report.ALL_NAMES, *report.OPTIONAL_NAMES]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise BenchError(f"unknown metric {', '.join(unknown)}; choose from {', '.join(known)}")
    if "dashboard" in names and "reference" not in names:
        names.append("reference")
    return [n for n in known if n in names]


def default_load_seconds(scale: Scale) -> int:
    """60 s at M and L (the README's figures); 15 s at S and custom scales (the CI smoke)."""
    return 60 if scale.name in ("M", "L") else 15


def _matches(marker: dict | None, scale: Scale) -> bool:
    return (
        marker is not None
        and marker["scale"] == scale.name
        and marker["version"] == generate.GENERATOR_VERSION
        and marker["seed"] == generate.SEED
        and marker["spec"] == scale.as_dict()
    )


def prepare(scale: Scale, name: str, settings_dict: dict, *, regenerate: bool, log) -> dict:
    """Make the current (switched) database hold `scale`: reuse, shift to today, or rebuild it."""
    started = time.perf_counter()
    marker = read_marker()
    if not regenerate and _matches(marker, scale):
        try:
            database.migrate()
        except DatabaseError as exc:  # a schema no migration path leads from: build it afresh
            log(f"bench: {name} cannot be migrated ({str(exc).splitlines()[0]}); rebuilding it")
            return prepare(scale, name, settings_dict, regenerate=True, log=log)
        today = timezone.localdate()
        shift = (today - marker["anchor"]).days
        metric = {"seconds": round(marker["seconds"], 2), "reused": True, "shift_days": shift}
        if shift:
            log(f"bench: moving the data {shift} days forward to today ({today:%d/%m/%Y})")
            shifted = time.perf_counter()
            shift_dates(shift, today)
            metric["shift_seconds"] = round(time.perf_counter() - shifted, 2)
        return {"personas": marker["personas"], "metric": metric}
    log(f"bench: generating scale {scale.name} in database {name}")
    connection.close()
    database.drop(settings_dict, name)
    database.create(settings_dict, name)
    database.migrate()
    migrated = time.perf_counter() - started
    marker = generate.generate(scale)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("UPDATE bench_marker SET seconds = %s", [seconds])
    metric = {
        "seconds": round(seconds, 2),
        "reused": False,
        "migrate_seconds": round(migrated, 2),
        "load_seconds": round(marker["load_seconds"], 2),
    }
    return {"personas": marker["personas"], "metric": metric}


def measure_reminders(scale: Scale, settings_dict: dict, *, regenerate: bool, log) -> dict:
    """Sweep and send the reminders of the scale's reminder province, in its own database."""
    province = reminders_scale(scale)
    name = database.bench_name(settings_dict["NAME"], province.name)
    if not database.exists(settings_dict, name):
        database.create(settings_dict, name)
    with database.Switched(name):
        prepared = prepare(province, name, settings_dict, regenerate=regenerate, log=log)
        before = pages.data_fingerprint()
        log(f"bench: reminders ({province.assignments:,} assignments, 10 % overdue)")
        metric = mail.measure_reminders()
        if pages.data_fingerprint() != before:
            raise BenchError("the reminder sweep's ledger was not undone")
    return {
        **metric,
        "province": province.as_dict(),
        "database": name,
        "generation": prepared["metric"],
    }


def run(
    scale: Scale,
    *,
    only: str | None = None,
    requests: int = 50,
    regenerate: bool = False,
    load_users: int = 50,
    load_seconds: int | None = None,
    log=print,
) -> dict:
    """Measure `scale` in its own database and return {scale, machine, metrics, ratios, …}."""
    names = selected_names(only)
    settings_dict = dict(connection.settings_dict)
    name = database.bench_name(settings_dict["NAME"], scale.name)
    if not database.exists(settings_dict, name):
        database.create(settings_dict, name)
    metrics, notes = {}, []
    load_before = os.getloadavg()[0]
    with database.Switched(name):
        prepared = prepare(scale, name, settings_dict, regenerate=regenerate, log=log)
        personas = prepared["personas"]
        if "generation" in names:
            metrics["generation"] = prepared["metric"]
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0].split()[0]
        before = pages.data_fingerprint()
        if "reference" in names:
            log("bench: reference SQL")
            metrics["reference"] = reference.measure_reference(settings_dict, name, runs=requests)
        page_names = [n for n in report.PAGE_NAMES if n in names]
        if page_names:
            specs = pages.build_pages(personas)
            for page_name in page_names:
                log(f"bench: {page_name}")
                metrics[page_name] = pages.measure(specs[page_name], requests)
        if pages.data_fingerprint() != before:
            raise BenchError("the measured writes were not undone: the data changed during the run")
    if "load_mixed" in names:
        metrics["load_mixed"] = load.measure_load(
            settings_dict,
            name,
            personas,
            users=load_users,
            seconds=load_seconds or default_load_seconds(scale),
            log=log,
        )
    if "reminders" in names:
        metrics["reminders"] = measure_reminders(
            scale, settings_dict, regenerate=regenerate, log=log
        )
    document = {
        "scale": scale.name,
        "machine": report.machine(pg_version),
        "metrics": metrics,
        "ratios": report.ratios(metrics),
        "spec": scale.as_dict(),
        "database": name,
        "measured_at": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
        "notes": notes,
        # Other processes on the machine slow every figure down; say how busy it was.
        "load_average": {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)},
    }
    return document
