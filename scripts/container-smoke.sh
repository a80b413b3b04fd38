#!/usr/bin/env bash
# Build the project's real Dockerfile, unchanged, and smoke-test the container: readiness, then
# the seed article through POST /v1/extract. Works without a Docker engine or Docker Hub: podman
# (rootful) with runc, and a stand-in for python:3.11-slim made locally with debootstrap.
#
# Usage: scripts/container-smoke.sh        Env: WORK (default /tmp/newsx-container)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/newsx-container}
BASE_NAME=docker.io/library/python:3.11-slim
APP_IMG=localhost/news-extract:smoke
NAME=news-extract-smoke
HPORT=${HPORT:-18080}
mkdir -p "$WORK"
t() { echo "[$(date +%T)] $*"; }
started=$(date +%s)

t "install podman, runc, debootstrap"
export DEBIAN_FRONTEND=noninteractive
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq podman runc debootstrap curl >/dev/null
fi

# Own storage; runc (crun refuses this machine's cgroup layout); rlimits root may set here.
cat > "$WORK/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$WORK/storage"
runroot = "$WORK/runroot"
CONF
cat > "$WORK/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_STORAGE_CONF="$WORK/storage.conf" CONTAINERS_CONF="$WORK/containers.conf"

if ! podman image exists "$BASE_NAME"; then
  t "make a local stand-in for $BASE_NAME (debootstrap bookworm)"
  MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null \
           || awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  [ -x "$WORK/rootfs/bin/sh" ] \
    || debootstrap --variant=minbase bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log"
  tar -C "$WORK/rootfs" -c . | podman import -q \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["/bin/bash"]' - localhost/debian-base:bookworm >/dev/null
  mkdir -p "$WORK/base-ctx"
  cp /usr/local/share/ca-certificates/*.crt "$WORK/base-ctx/" 2>/dev/null || true
  cat > "$WORK/base-ctx/Containerfile" <<'CONF'
FROM localhost/debian-base:bookworm
COPY . /usr/local/share/ca-certificates/
RUN rm -f /usr/local/share/ca-certificates/Containerfile \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 python3-pip python3-venv ca-certificates \
 && update-ca-certificates \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \
 && ln -sf /usr/bin/python3 /usr/local/bin/python \
 && ln -sf /usr/bin/pip3 /usr/local/bin/pip \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
ENV LANG=C.UTF-8 PYTHON_VERSION=3.11 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
CONF
  podman build -q --pull=never -t "$BASE_NAME" "$WORK/base-ctx" >/dev/null
fi

t "build the project's Dockerfile"
podman build --pull=never --format docker -t "$APP_IMG" "$ROOT" >"$WORK/build.log" 2>&1 \
  || { tail -40 "$WORK/build.log"; exit 1; }
built=$(date +%s)

t "run the container and wait for /readyz"
podman rm -f "$NAME" >/dev/null 2>&1 || true
# Read-only root filesystem: the service writes only to /tmp (its metrics directory).
podman run -d --read-only --tmpfs /tmp --name "$NAME" -p "127.0.0.1:$HPORT:8000" "$APP_IMG" >/dev/null
cleanup() { podman stop -t 10 "$NAME" >/dev/null 2>&1 || true; podman rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
base="http://127.0.0.1:$HPORT"
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null || { echo "SMOKE FAIL: not ready"; podman logs "$NAME" 2>&1 | tail -30; exit 1; }
ready=$(date +%s)

user=$(podman exec "$NAME" id -u)
[ "$user" != "0" ] || { echo "SMOKE FAIL: container runs as root"; exit 1; }

t "POST the seed article"
python3 - "$ROOT/seeds/000_2a91903f997600ae.txt" > "$WORK/seed.json" <<'PY'
import json, sys
print(json.dumps({"text": open(sys.argv[1], encoding="utf-8").read(), "published": "2022-06-15"}))
PY
curl -fsS -H 'Content-Type: application/json' --data-binary "@$WORK/seed.json" \
     "$base/v1/extract" > "$WORK/seed-result.json"
python3 - "$WORK/seed-result.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
names = {e["name"] for e in result["entities"]}
amounts = {(f["value"], f["currency"]) for f in result["trade_figures"]}
missing = {"China", "Russia", "Vladimir Putin"} - names
assert not missing, f"entities missing: {missing}"
assert (147e9, "USD") in amounts, f"trade figures: {amounts}"
assert set(result) >= {"entities", "dates", "trade_figures", "stances", "meta"}
print(f"seed: {len(result['entities'])} entities, {len(result['dates'])} dates, "
      f"{len(result['trade_figures'])} figures, {len(result['stances'])} stances")
PY
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{' "$base/v1/extract")
[ "$status" = 400 ] || { echo "SMOKE FAIL: malformed JSON gave $status"; exit 1; }
t "SMOKE OK (build $((built - started)) s, start to ready $((ready - built)) s, uid $user)"
