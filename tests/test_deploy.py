"""The Kubernetes manifests parse and agree with the app: port, probe paths, user, memory."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from service.api import create_app
from service.config import Settings
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy" / "kubernetes"
RESULTS = ROOT / "bench" / "results" / "latest.json"


def _load_all() -> list[dict[str, Any]]:
    """The Kubernetes objects (kustomization.yaml is kustomize's file, not an object)."""
    docs = []
    for path in sorted(DEPLOY.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return docs


def _one(kind: str) -> dict[str, Any]:
    found = [doc for doc in _load_all() if doc["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def _container() -> dict[str, Any]:
    (container,) = _one("Deployment")["spec"]["template"]["spec"]["containers"]
    return container


def _env(container: dict[str, Any]) -> dict[str, str]:
    return {item["name"]: item["value"] for item in container.get("env", [])}


def _quantity_mib(value: str) -> float:
    """A Kubernetes memory quantity in MiB ("1536Mi", "2Gi", "1G", bytes)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?", str(value))
    assert match, value
    number, unit = float(match.group(1)), match.group(2) or ""
    factor = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "K": 1e3 / 2**20, "M": 1e6 / 2**20}
    factor |= {"G": 1e9 / 2**20, "": 1 / 2**20}
    return number * factor[unit]


def _cpu_cores(value: str) -> float:
    text = str(value)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def test_every_manifest_parses_with_kind_and_name() -> None:
    docs = _load_all()
    assert {doc["kind"] for doc in docs} >= {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
    }
    for doc in docs:
        assert doc["apiVersion"] and doc["metadata"]["name"], doc


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    manifests = {p.name for p in DEPLOY.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == manifests


def test_container_port_is_the_app_default() -> None:
    container = _container()
    (port,) = container["ports"]
    assert port["containerPort"] == Settings().port
    # If the port is set through the environment, it must be the same one.
    assert int(_env(container).get("NEWSX_PORT", Settings().port)) == port["containerPort"]
    assert _env(container).get("NEWSX_HOST", Settings().host) == "0.0.0.0"


def test_probes_hit_paths_that_exist_in_the_app() -> None:
    routes = {rule.rule: rule.methods for rule in create_app(Settings()).url_map.iter_rules()}
    container = _container()
    port_name = container["ports"][0]["name"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        http = container[probe]["httpGet"]
        assert http["path"] in routes, f"{probe}: {http['path']} is not a route of the app"
        assert "GET" in routes[http["path"]]
        assert http["port"] in (port_name, container["ports"][0]["containerPort"])


def test_service_routes_to_the_deployment_pods() -> None:
    deployment, service = _one("Deployment"), _one("Service")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    container = _container()
    targets = {container["ports"][0]["name"], container["ports"][0]["containerPort"]}
    for port in service["spec"]["ports"]:
        assert port["targetPort"] in targets


def test_autoscaler_scales_the_deployment_on_cpu() -> None:
    hpa, deployment = _one("HorizontalPodAutoscaler"), _one("Deployment")
    ref = hpa["spec"]["scaleTargetRef"]
    assert (ref["kind"], ref["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    # Utilization is a share of the request: without a CPU request the HPA cannot act.
    assert "cpu" in _container()["resources"]["requests"]


def test_workers_are_pinned_to_the_cpu_request() -> None:
    # Inside a pod os.cpu_count() is the node's count: the worker count must be explicit.
    container = _container()
    workers = int(_env(container)["NEWSX_WORKERS"])
    assert workers == round(_cpu_cores(container["resources"]["requests"]["cpu"]))


def test_grace_period_covers_gunicorns_graceful_timeout() -> None:
    spec = _one("Deployment")["spec"]["template"]["spec"]
    graceful = int(_env(_container()).get("NEWSX_GRACEFUL_TIMEOUT", Settings().graceful_timeout))
    assert spec["terminationGracePeriodSeconds"] > graceful


def test_pod_runs_as_the_images_user() -> None:
    uid = re.search(r"--uid (\d+)", (ROOT / "Dockerfile").read_text())
    assert uid, "the Dockerfile names no --uid"
    security = _one("Deployment")["spec"]["template"]["spec"]["securityContext"]
    assert security["runAsNonRoot"] is True
    assert security["runAsUser"] == int(uid.group(1))


@pytest.mark.skipif(not RESULTS.exists(), reason="no bench/results/latest.json yet")
def test_memory_request_covers_the_measured_peak() -> None:
    memory = json.loads(RESULTS.read_text())["service"]["memory"]
    resources = _container()["resources"]
    request = _quantity_mib(resources["requests"]["memory"])
    limit = _quantity_mib(resources["limits"]["memory"])
    workers = int(_env(_container())["NEWSX_WORKERS"])
    # The benchmark ran memory["workers"] workers; scale the per-worker part to this pod's count.
    per_worker = memory["worker_peak_private_mb"]
    shared = memory["server_peak_pss_mb"] - memory["workers"] * per_worker
    needed = shared + workers * per_worker
    assert request >= needed, f"memory request {request} MiB < measured {needed:.0f} MiB"
    assert limit >= request


#: What one worker may take over its idle size for the request it processes (README, "Memory
#: per request"; the largest bench/adversarial.py peak is 505 MB).
REQUEST_MEMORY_BOUND_MB = 600


def test_memory_limit_covers_the_worst_request_in_every_worker() -> None:
    resources = _container()["resources"]
    limit = _quantity_mib(resources["limits"]["memory"])
    env = _env(_container())
    workers = int(env["NEWSX_WORKERS"])
    settings = Settings()
    receiving = settings.max_connections * (settings.max_body_bytes + 64 * 1024) / 2**20
    idle_server = 200 + workers * 120  # master RSS and idle worker PSS, bench/results/latest.md
    needed = idle_server + workers * (REQUEST_MEMORY_BOUND_MB + receiving)
    assert limit >= needed, f"memory limit {limit} MiB < worst case {needed:.0f} MiB"


def test_quantity_parser() -> None:
    assert _quantity_mib("1536Mi") == 1536
    assert _quantity_mib("2Gi") == 2048
    assert _cpu_cores("500m") == 0.5
