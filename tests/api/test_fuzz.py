"""schemathesis against the live schema: one unit's token, another unit's ids injected.

Every operation of /api/v1/schema/ (fetched from the running app) gets up to FUZZ_EXAMPLES
generated requests, positive and negative, with every built-in check (server errors, status
codes, content types, response schemas and headers, positive acceptance, negative rejection,
authentication ignored, unsupported methods…), plus `no_leak`: nothing of unit B's may appear,
and an id of unit B's objects answers 404. Writes are allowed to refuse valid-looking input
with 400 (the services' rules: dates after the deadline, a plausible report…), nothing else.
"""

import json
import os
import random
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from api import tokens

FUZZ_EXAMPLES = int(os.environ.get("PCTS_FUZZ_EXAMPLES", "50"))
CONFIG = f"""
[generation]
max-examples = {FUZZ_EXAMPLES}
mode = "all"
allow-x00 = false
deterministic = true
database = "none"

[[operations]]
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "403", "404", "409", "422"]
"""


@pytest.fixture
def foreign(two_units):
    """What unit B owns: ids per collection, and texts that would show a leak."""
    b = two_units["b"]
    return {
        "ids": {
            "directives": b["directive"].pk,
            "tasks": b["task"].pk,
            "assignments": b["assignment"].pk,
            "reports": b["report"].pk,
            "extensions": b["extension"].pk,
            "units": b["unit"].pk,
        },
        "texts": [b["directive"].symbol, b["task"].title, b["unit"].name],
    }


@pytest.fixture
def api_schema(two_units, head_a, settings):
    """The schema the running app serves, its requests sent in-process (WSGI) in this test's transaction."""
    settings.PCTS_API_RATE = "100000/m"  # the rate limit is tested on its own
    # As Django's test client does: a request's end must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/v1/schema/", get_wsgi_application(), config=SchemathesisConfig.from_str(CONFIG)
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def collection_of(case) -> str:
    return case.formatted_path.removeprefix("/api/v1/").split("/", 1)[0]


def inject_foreign_id(case, foreign, chooser: random.Random) -> int | None:
    """Swap a generated id for unit B's object in half the positive cases; return the id used."""
    if "id" not in (case.path_parameters or {}):
        return None
    foreign_id = foreign["ids"].get(collection_of(case))
    if foreign_id is not None and chooser.random() < 0.5:
        case.path_parameters["id"] = foreign_id
        return foreign_id
    return None


def check(case, key: str, foreign, seen: Counter) -> None:
    """Send one case as unit A's token and run every check on the answer, no_leak included."""
    injected = None
    if case.meta is None or case.meta.generation.mode.is_positive:
        chooser = random.Random(repr((case.method, case.path_parameters, case.query, case.body)))
        injected = inject_foreign_id(case, foreign, chooser)
    response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"})
    where = f"{case.method} {case.formatted_path}"
    seen["injected" if injected is not None else f"{response.status_code // 100}xx"] += 1
    if injected is not None:
        assert response.status_code in (404, 405), f"{where}: unit B's id answered {response}"
    text = response.text
    for leak in foreign["texts"]:
        assert leak not in text, f"{where} shows {leak!r}"
    if response.status_code == 200 and text.startswith("{"):
        rows = json.loads(text).get("results") or []
        foreign_id = foreign["ids"].get(collection_of(case))
        assert foreign_id not in {row.get("id") for row in rows if isinstance(row, dict)}, where


def test_the_api_holds_to_its_schema_and_leaks_nothing(api_schema, foreign, head_a):
    _token, key = tokens.token_create(actor=head_a, user=head_a, name="fuzz", days=1)
    failures, operations, seen = [], 0, Counter()
    per_mode = max(FUZZ_EXAMPLES // 2, 1)
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(
                max_examples=per_mode,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
                suppress_health_check=list(hypothesis.HealthCheck),
            )
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                check(case, key, foreign, seen)

            try:
                run()
            except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failures
                failures.append(f"{operation.label} ({mode.value}): {exc}"[:3000])
    print(f"schemathesis: {operations} operations, answers {dict(sorted(seen.items()))}")
    assert operations >= 18
    assert failures == [], "\n\n".join(failures)
    # Not vacuous: unit B's ids were tried, and valid requests went through.
    assert seen["injected"] >= operations // 2 and seen["2xx"] >= operations
