# The two commands of the README: `make run` and `make test`. Both create .venv if missing.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-fast lint openapi bench eval container lock clean

$(PY):
	python3 -m venv $(VENV)

# Installs come from the lock files, every file checked against its hash; the project itself
# is then installed editable without dependencies (pip cannot hash an editable install), built
# by the locked setuptools. Stamp files: reinstall only when a lock or pyproject.toml changes.
$(VENV)/.run-deps: requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test-deps: requirements-test.lock pyproject.toml | $(PY)
	$(PY) -m pip install -q --require-hashes -r requirements-test.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(PY) -m service serve --port $(PORT)

lint: $(VENV)/.test-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(PY) -m pytest

# The fast lane while working: no slow or integration tests (servers, subprocesses, Spark,
# the browser, corpus-wide checks). `make test` still runs everything.
test-fast: $(VENV)/.test-deps
	$(PY) -m pytest -m "not slow and not integration"

openapi: $(VENV)/.run-deps
	$(PY) -c 'import sys; from service.api.openapi import spec_yaml; sys.stdout.write(spec_yaml())' > openapi.yaml

bench: $(VENV)/.test-deps
	$(PY) bench/run.py

container:
	bash scripts/container-smoke.sh

# Refresh both lock files after changing a pin in pyproject.toml (pip-tools in a venv of its
# own, never a project dependency). The test lock is constrained by the run lock, so the two
# agree on every package they share.
LOCK_VENV ?= .venv-lock
LOCK_FLAGS := --generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || \
		{ python3 -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install -q pip-tools==7.6.2; }
	$(LOCK_VENV)/bin/pip-compile -q $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(LOCK_VENV)/bin/pip-compile -q $(LOCK_FLAGS) --extra test -c requirements.lock \
		-o requirements-test.lock pyproject.toml

clean:
	rm -rf $(VENV) $(LOCK_VENV) build *.egg-info .pytest_cache .ruff_cache
