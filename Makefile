# Two commands: `make run` (set up and start the kiosk) and `make test` (set up and run every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= $(shell $(PYTHON) scripts/free_port.py 8000)

.PHONY: run setup test lint translations db chromium bench clean

run: setup
	@echo "Kiosk:  http://127.0.0.1:$(PORT)/"
	@echo "Admin:  http://127.0.0.1:$(PORT)/admin/  (create a user: $(FLASK) users create NAME --role admin)"
	$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

setup: $(VENV)/.installed translations db

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

translations: $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile -d translations

db: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed

chromium:
	@bash scripts/ensure_chromium.sh

test: $(VENV)/.dev-installed chromium
	$(PY) -m babel.messages.frontend compile -d translations
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(VENV)/.dev-installed chromium
	$(PY) bench/kiosk.py

clean:
	rm -rf $(VENV) .pytest_cache tests/browser/artifacts
