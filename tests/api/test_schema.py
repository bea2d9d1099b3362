"""The committed OpenAPI schema is the live one: a change to the API is a deliberate change to it."""

from pathlib import Path

import pytest
import yaml
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

COMMITTED = Path(__file__).resolve().parents[2] / "api" / "openapi.yaml"


def live_schema() -> bytes:
    with translation.override("vi"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={})


@pytest.mark.django_db
def test_the_committed_schema_is_the_live_one():
    live = live_schema()
    assert yaml.safe_load(live) == yaml.safe_load(COMMITTED.read_bytes()), (
        "The API changed: run `manage.py spectacular --lang vi --validate --file api/openapi.yaml`"
        " and commit the file if the change is meant."
    )


@pytest.mark.django_db
def test_the_schema_and_docs_are_served_offline(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert yaml.safe_load(schema.content) == yaml.safe_load(COMMITTED.read_bytes())
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "/static/drf_spectacular_sidecar/" in docs and "cdn" not in docs.lower()
