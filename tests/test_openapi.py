"""openapi.yaml is generated from the schemas, kept fresh, and real responses conform to it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from service.api.openapi import spec_dict, spec_yaml
from service.config import Settings
from tests.conftest import ROOT, SEED_PUBLISHED

SPEC_URI = "urn:newsx:openapi"


def test_openapi_file_is_current() -> None:
    on_disk = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert on_disk == spec_yaml(), "openapi.yaml is stale: run `make openapi`"


def test_served_spec_is_the_file_with_the_servers_limits(client: FlaskClient, settings) -> None:
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    served = yaml.safe_load(response.get_data(as_text=True))
    assert served == spec_dict(settings)
    found = served["components"]["schemas"]
    assert found["ExtractRequest"]["properties"]["text"]["maxLength"] == settings.max_text_chars
    documents = found["BatchRequest"]["properties"]["documents"]
    assert (documents["minItems"], documents["maxItems"]) == (1, settings.max_batch_documents)
    file = spec_dict()["components"]["schemas"]["ExtractRequest"]["properties"]["text"]
    assert file["maxLength"] == Settings().max_text_chars


def _validator(component: str) -> Draft202012Validator:
    spec = spec_dict()
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(spec, DRAFT202012))
    schema = {"$ref": f"{SPEC_URI}#/components/schemas/{component}"}
    return Draft202012Validator(schema, registry=registry)


def _response_schema(path: str, method: str, status: int) -> str:
    response = spec_dict()["paths"][path][method]["responses"][str(status)]
    (content,) = response["content"].values()
    return content["schema"]["$ref"].rsplit("/", 1)[-1]


def _check(path: str, method: str, response: Any) -> None:
    component = _response_schema(path, method, response.status_code)
    errors = list(_validator(component).iter_errors(response.get_json(force=True)))
    assert not errors, [e.message for e in errors[:5]]


def test_extract_response_conforms(client: FlaskClient, seed_text: str) -> None:
    response = client.post("/v1/extract", json={"text": seed_text, "published": SEED_PUBLISHED})
    _check("/v1/extract", "post", response)


@pytest.mark.parametrize(
    ("body", "status"), [({"text": 1}, 422), ({"text": "x", "include": ["?"]}, 422)]
)
def test_error_responses_conform(client: FlaskClient, body, status) -> None:
    response = client.post("/v1/extract", json=body)
    assert response.status_code == status
    _check("/v1/extract", "post", response)


def test_batch_response_conforms(client: FlaskClient) -> None:
    documents = [{"text": "Putin met Xi in Moscow.", "id": "a"}, {"text": None, "id": "b"}]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    _check("/v1/extract/batch", "post", response)


def test_info_and_health_conform(client: FlaskClient) -> None:
    _check("/v1/info", "get", client.get("/v1/info"))
    _check("/healthz", "get", client.get("/healthz"))
    _check("/readyz", "get", client.get("/readyz"))


def test_validator_rejects_a_wrong_shape() -> None:
    """The conformance checks above can fail: a malformed result is caught."""
    bad = {"meta": {"service_version": 1}, "entities": [{"id": "E1"}]}
    assert list(_validator("ExtractResponse").iter_errors(bad))
