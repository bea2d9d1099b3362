# PCTS — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup bench lint clean-var wheelhouse

setup:
	@bash scripts/setup.sh

run: setup
	@$(PY) scripts/run.py

test: setup
	@bash scripts/test.sh $(ARGS)

bench: setup
	@$(PY) manage.py bench $(ARGS)

# The image's dependencies as wheels (git-ignored); the Dockerfile installs only from them.
wheelhouse: setup
	@$(PY) scripts/wheelhouse.py

lint: setup
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean-var:
	@echo "Stopping embedded services and removing var/ (demo data is lost)."
	-@$(VENV)/bin/python scripts/stop_embedded.py
	rm -rf var
