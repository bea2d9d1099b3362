"""The ground: settings from the environment, the Python finder, embedded services, layering."""

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args, env, **kwargs):
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


def base_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(extra)
    return env


def test_deploy_check_reports_nothing_with_debug_off():
    env = base_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(60), DJANGO_DEBUG="0")
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize(
    "value,expected", [("1", True), ("true", True), ("0", False), ("false", False), ("", False)]
)
def test_debug_flag_reads_one_zero_true_false(value, expected):
    env = base_env(DJANGO_DEBUG=value)
    code = "from django.conf import settings; print(settings.DEBUG, getattr(settings, 'SESSION_COOKIE_SECURE'))"
    result = run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env | {"DJANGO_SETTINGS_MODULE": "pcts.settings"},
    )
    assert result.returncode == 0, result.stderr
    debug, secure = result.stdout.split()
    assert debug == str(expected)
    assert secure == str(not expected)


def test_mail_goes_to_console_without_email_host():
    env = base_env(EMAIL_HOST="", DJANGO_SETTINGS_MODULE="pcts.settings")
    result = run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(getattr(settings, 'MAILERS', {}).get('default', {}).get('BACKEND') or settings.EMAIL_BACKEND)",
        ],
        env,
    )
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
    env["EMAIL_HOST"] = "smtp.example.vn"
    result = run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(getattr(settings, 'MAILERS', {}).get('default', {}).get('BACKEND') or settings.EMAIL_BACKEND)",
        ],
        env,
    )
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    "extra,expected",
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PCTS_PORT": "8011"}, "http://127.0.0.1:8011"),
        (
            {"PCTS_PORT": "8011", "PCTS_SITE_URL": "https://pcts.example.vn/"},
            "https://pcts.example.vn",
        ),
    ],
)
def test_mail_links_follow_the_port_make_run_serves_unless_the_site_url_is_set(extra, expected):
    env = {k: v for k, v in base_env().items() if k not in {"PCTS_PORT", "PCTS_SITE_URL"}}
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    result = run(
        [sys.executable, "-c", code], env | extra | {"DJANGO_SETTINGS_MODULE": "pcts.settings"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_env_example_lists_every_variable_the_settings_read():
    source = (ROOT / "pcts" / "settings.py").read_text() + (
        ROOT / "pcts" / "embedded.py"
    ).read_text()
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if fname in {"get", "env_bool", "env_int", "env_list"} and isinstance(
                node.args[0].value, str
            ):
                if node.args[0].value.isupper():
                    names.add(node.args[0].value)
    listed = {
        line.split("=", 1)[0].strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert names, "the scan found no variables"
    assert names - {"XDG_RUNTIME_DIR"} <= listed, names - listed


def test_python_finder_explains_when_no_312_exists(tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "python3").symlink_to(
        "/root/.pyenv/versions/3.11.7/bin/python3"
        if Path("/root/.pyenv/versions/3.11.7/bin/python3").exists()
        else "/usr/bin/python3"
    )
    env = {"PATH": f"{fake_bin}:/usr/bin:/bin", "HOME": str(tmp_path)}
    result = run(["bash", "scripts/find_python.sh"], env)
    if result.returncode == 0:  # the machine has a system python3.12 in /usr/bin
        assert "3.12" in run([result.stdout.strip(), "--version"], env).stdout
    else:
        assert result.returncode == 1
        assert "needs Python 3.12" in result.stderr


def test_python_finder_returns_a_312_interpreter():
    result = run(["bash", "scripts/find_python.sh"], base_env())
    assert result.returncode == 0, result.stderr
    version = run([result.stdout.strip(), "--version"], base_env()).stdout
    assert version.startswith("Python 3.12")


def test_embedded_redis_starts_on_a_socket_and_answers(tmp_path):
    env = base_env(PCTS_VAR_DIR=str(tmp_path))
    env.pop("REDIS_URL", None)
    code = "from pcts import embedded; print(embedded.redis_url())"
    try:
        result = run([sys.executable, "-c", code], env)
        assert result.returncode == 0, result.stderr
        url = result.stdout.strip()
        assert url == f"redis+socket://{tmp_path}/redis.sock"
        import redis

        assert redis.Redis(unix_socket_path=str(tmp_path / "redis.sock")).ping()
        # A second entry point finds the running server instead of starting another.
        assert run([sys.executable, "-c", code], env).stdout.strip() == url
    finally:
        pid = tmp_path / "redis.pid"
        if pid.exists():
            os.kill(int(pid.read_text()), 15)


def test_a_command_stops_the_embedded_redis_it_started_and_only_that(tmp_path):
    env = base_env(PCTS_VAR_DIR=str(tmp_path), DATABASE_URL="postgres://pcts@db.example.vn/pcts")
    env.pop("REDIS_URL", None)
    command = (
        "from pcts import embedded; idle = embedded.idle(); embedded.redis_url();"
        "print(sorted(idle)); embedded.stop_started(idle); print(sorted(embedded.running()))"
    )
    try:
        result = run([sys.executable, "-c", command], env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            "['Redis']",
            "PCTS: stopped the embedded Redis this command started.",
            "[]",
        ]
        # Running before the command began: the command leaves it running.
        run([sys.executable, "-c", "from pcts import embedded; embedded.redis_url()"], env)
        result = run([sys.executable, "-c", command], env)
        assert result.stdout.splitlines() == ["[]", "['Redis']"], result.stderr
    finally:
        run([sys.executable, "scripts/stop_embedded.py"], env)


def test_embedded_postgres_starts_and_loads_the_extensions(tmp_path):
    var = tmp_path / "var"
    env = base_env(PCTS_VAR_DIR=str(var))
    env.pop("DATABASE_URL", None)
    code = (
        "from pcts import embedded; import psycopg; s = embedded.embedded_postgres_settings();"
        "c = psycopg.connect(dbname=s['NAME'], user='postgres', host=s['HOST'], autocommit=True);"
        "[c.execute(f'CREATE EXTENSION IF NOT EXISTS {e}') for e in ('unaccent', 'pg_trgm', 'btree_gist')];"
        "print(c.execute(\"SELECT unaccent('Kế hoạch')\").fetchone()[0])"
    )
    try:
        tmp_path.chmod(0o755)
        result = run([sys.executable, "-c", code], env)
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip().endswith("Ke hoach")
    finally:
        run([sys.executable, "scripts/stop_embedded.py"], env)


def test_units_never_imports_directives():
    offenders = []
    for path in (ROOT / "units").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {m}"
                for m in modules
                if m.split(".")[0] in {"directives", "pcts"}
            ]
    assert offenders == []


# --------------------------------------------------------------------------- the import graph

PROJECT_PACKAGES = (
    "pcts",
    "directives",
    "documents",
    "periodic",
    "imports",
    "api",
    "units",
    "accounts",
    "audit",
    "ops",
    "bench",
)


def project_modules() -> dict[str, Path]:
    """Return every module of the project's packages (migrations aside) by its dotted name."""
    modules = {}
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Return the project modules `name` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package, one level up per extra dot
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                # `from package import module` imports that module; `from module import name`, the module.
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def import_cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Return each group of modules that import one another, directly or around a loop."""
    reachable = {}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
        reachable[start] = seen
    cycles = []
    for module in sorted(graph):
        if module in reachable[module] and not any(module in cycle for cycle in cycles):
            cycles.append({other for other in reachable[module] if module in reachable[other]})
    return cycles


def test_the_import_graph_finds_known_edges():
    graph = import_graph()
    assert "directives.models" in graph["directives.services.directives"]
    assert "directives.views.directives" in graph["directives.urls"]  # from package import module
    assert "bench.runner" in graph["bench.management.commands.bench"]


def test_no_import_cycle_between_the_projects_modules():
    cycles = import_cycles(import_graph())
    assert [sorted(c) for c in cycles] == []


def test_the_product_never_imports_the_bench():
    graph = import_graph()
    offenders = [
        f"{name}: {module}"
        for name, imported in graph.items()
        if not name.startswith("bench")
        for module in imported
        if module.split(".")[0] == "bench"
    ]
    assert offenders == []
