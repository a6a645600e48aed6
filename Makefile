# Massline, in two commands: `make run` serves a demo instance, `make test` runs the suite.
#
#   make run [PORT=8000]   create .venv, install, migrate, load the demo, serve on 127.0.0.1:PORT
#   make test              the whole suite; SQLite, or PostgreSQL when DATABASE_URL is set
#   make lint              ruff check, ruff format --check, mypy
#   make messages          refresh and compile the translation catalogs (en, ru, it, de)
#
# Extra pytest options go in PYTEST_ARGS, e.g. `make test PYTEST_ARGS="-k directory -x"`.
# The suite runs in one pytest-xdist worker per core (each with its own test database, live
# server and Chromium); PYTEST_WORKERS=0 runs it in a single process.

PORT ?= 8000
PYTHON ?= python3
PYTEST_ARGS ?=
PYTEST_WORKERS ?= auto
LANGUAGES := en ru it de

VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install; pip runs again only when pyproject.toml is newer.
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint messages

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	@echo "Installing Massline and its dependencies into $(VENV)..."
	$(BIN)/python -m pip install -qq --progress-bar off -e '.[dev]'
	@touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/massline migrate --no-input
	$(BIN)/massline demo
	@echo
	@echo "Massline is starting on http://127.0.0.1:$(PORT)/ - sign in with an account listed above."
	@echo "Stop it with Ctrl+C."
	@echo
	$(BIN)/massline run --port $(PORT)

test: $(INSTALLED)
	$(BIN)/python -m massline.testing.environment
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(INSTALLED)
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/mypy massline || status=1; \
	exit $$status

# Same extraction options as the catalog check in massline/core/tests/test_translations.py.
messages: $(INSTALLED)
	cd massline && ../$(BIN)/massline makemessages $(addprefix -l ,$(LANGUAGES)) \
		--no-obsolete --no-location --ignore 'tests/*' --ignore 'testing/*'
	cd massline && ../$(BIN)/massline compilemessages $(addprefix -l ,$(LANGUAGES))
