# The two commands of the README: `make run` and `make test`. Both create .venv if missing.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint openapi bench eval container clean

$(PY):
	python3 -m venv $(VENV)

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.run-deps: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(PY) -m service serve --port $(PORT)

lint: $(VENV)/.test-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(PY) -m pytest

openapi: $(VENV)/.run-deps
	$(PY) -c 'import sys; from service.api.openapi import spec_yaml; sys.stdout.write(spec_yaml())' > openapi.yaml

bench: $(VENV)/.test-deps
	$(PY) bench/run.py

container:
	bash scripts/container-smoke.sh

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
