# Quartiersnetz — the front door. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
PIP       := $(VENV)/bin/pip
QN        := $(VENV)/bin/quartiersnetz
STAMP_PY  := $(VENV)/.installed
STAMP_NPM := frontend/node_modules/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000
PYTEST_ARGS ?=

export DJANGO_SETTINGS_MODULE := quartiersnetz.settings

.PHONY: help install demo serve test test-fast lint po mo bench clean worker

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP_PY): requirements.lock pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(STAMP_NPM): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP_PY) $(STAMP_NPM) mo ## set up .venv (pinned), the console command and npm assets; safe to run again

mo: $(STAMP_PY) ## compile German translations
	@$(QN) compilemessages -v 0

po: $(STAMP_PY) ## extract strings into locale/de/LC_MESSAGES/django.po
	cd quartiersnetz && ../$(QN) makemessages -l de --no-obsolete --ignore 'demo/data/*'

demo: install ## migrate a SQLite database, load the demo data, print the logins and serve on http://127.0.0.1:8000
	$(QN) migrate --no-input -v 0
	$(QN) load-demo
	$(QN) runserver $(HOST):$(PORT)

serve: install ## serve without reloading the demo data
	$(QN) runserver $(HOST):$(PORT)

worker: install ## run the background task worker (imports, reports)
	$(QN) db_worker

lint: install ## ruff, Django system checks, missing migrations (reports every failure)
	@rc=0; \
	$(VENV)/bin/ruff check . || rc=1; \
	$(QN) check --fail-level WARNING || rc=1; \
	$(QN) makemigrations --check --dry-run -v 1 || rc=1; \
	exit $$rc

test: install lint ## run the full test suite (set DATABASE_URL for PostgreSQL)
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

test-fast: install ## tests without lint, fail fast
	$(VENV)/bin/pytest -x $(PYTEST_ARGS)

bench: install ## benchmarks: ratios against bench/baseline.json
	$(PY) bench/run.py

clean: ## remove the virtualenv, node_modules and local data
	rm -rf $(VENV) frontend/node_modules var staticfiles
