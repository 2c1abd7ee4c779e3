# Kota Bogor portal. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= bogor-demo
export DEMO_PASSWORD
# Links in e-mails point at the server that make run starts.
WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
export WAGTAILADMIN_BASE_URL

.PHONY: run test install lock catalogs migrate seed check bench bench-complaints bench-churn messages code

# Every server, CI run and image installs the same versions, checked against their hashes: requirements.lock
# (made by `make lock` from pyproject.toml), then the project itself without resolving anything again.
$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

# Re-pin every dependency (all extras) after changing pyproject.toml; pins already in the lock are kept
# unless pyproject.toml no longer allows them (`make lock UPGRADE=1` moves everything to the newest allowed).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4,<8'
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --all-extras --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --output-file requirements.lock pyproject.toml

catalogs: install
	$(MANAGE) compile_catalogs

migrate: catalogs
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

# Install, compile catalogs, migrate, load the demo and serve on the embedded SQLite database.
# Re-running keeps everything editors and citizens added: migrate and seed_demo only add what is missing.
run: seed
	@echo ""
	@echo "  Portal Kota Bogor is running at http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Demo logins (password: $(DEMO_PASSWORD)):"
	@$(MANAGE) demo_accounts
	@echo "  People who can publish or read complaints confirm their login with a 6-digit code:"
	@echo "  in another terminal, 'make code' prints admin's (or 'make code USER=name')."
	@echo "  E-mails the site sends (report confirmations, surveys) are written to var/mail/."
	@echo ""
	@trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	  $(MANAGE) run_worker >/dev/null 2>&1 & \
	  $(MANAGE) run_timers --interval 60 >/dev/null 2>&1 & \
	  $(MANAGE) runserver $(HOST):$(PORT)

# The demo's two-step login code for USER (default admin); real accounts use an authenticator app.
USER_NAME := $(if $(filter command line,$(origin USER)),$(USER),admin)
code: install
	@$(MANAGE) demo_totp $(USER_NAME)

# The whole suite: unit, integration and browser tests. Set DATABASE_URL to run on PostgreSQL.
test: catalogs
	$(BIN)/python -m pytest

# Django's system checks, migrations in step with the models, and the linter (settings in pyproject.toml).
check: catalogs
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .

# Serve with gunicorn and measure requests/s and latency (see benchmarks/README.md).
bench: catalogs
	$(BIN)/python benchmarks/pages.py

# Traffic over every public address while a page is published every 10 s (see benchmarks/README.md).
bench-churn: catalogs
	$(BIN)/python benchmarks/churn.py

# Concurrent complaint submissions for 60 s; set DATABASE_URL to a PostgreSQL server.
bench-complaints: catalogs
	$(BIN)/python benchmarks/complaints.py

# Refresh the catalogs after changing strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages -l id -l en --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks
