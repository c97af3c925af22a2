# Hearth: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-fast test-browser check install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Command 1: set up, migrate, seed the demo and serve on http://$(HOST):$(PORT)/
run: install
	@DEBUG=true $(BIN)/python manage.py check_pdf
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Hearth is starting at http://$(HOST):$(PORT)/  (press Ctrl+C to stop)"
	@echo ""
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Command 2: the whole test suite (SQLite unless DATABASE_URL is set). Browser tests run in
## their own pytest call, after the rest (Playwright's event loop upsets later async tests).
test: install-dev
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)
	$(BIN)/pytest -m browser tests/browser $(PYTEST_ARGS)

test-fast: install-dev
	$(BIN)/pytest -m "not browser" --reuse-db $(PYTEST_ARGS)

test-browser: install-dev
	$(BIN)/pytest -m browser tests/browser $(PYTEST_ARGS)

check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .test-media hearth.sqlite3
