# Two commands: `make run` (set up and start the kiosk) and `make test` (set up and run every test).
# Each step is skipped when its result is already up to date, so a second `make run` starts at once
# and a `git pull` redoes exactly what it changed (requirements, catalogs, migrations, starter content).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
# Python versions the suite has passed on (Debian 12 ships 3.11). Another one stops the set-up with a
# clear message; ALLOW_UNTESTED_PYTHON=1 goes ahead anyway.
TESTED_PYTHONS := 3.11 3.12 3.13
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run setup test lint translations db admin chromium test-packages bench clean python-version repeat

# Port: PORT if given, else 8000 unless something answers there (a bash connect: no Python start-up),
# else any free one. Chosen once, so the addresses printed are the one gunicorn binds.
run: setup
	@port="$(PORT)"; if [ -z "$$port" ]; then port=8000; \
	  if (exec 3<>/dev/tcp/127.0.0.1/8000) 2>/dev/null; then port=$$($(PYTHON) scripts/free_port.py 8000); fi; fi; \
	echo "Kiosk:  http://127.0.0.1:$$port/"; \
	echo "Admin:  http://127.0.0.1:$$port/admin/  (no account yet? run: make admin)"; \
	echo "$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$$port wsgi:app"; \
	exec $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$$port wsgi:app

setup: $(VENV)/.installed translations db

python-version:
	@version=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])') || { \
	  echo "$(PYTHON) not found: install Python 3 (sudo apt-get install -y python3 python3-venv)" >&2; exit 1; }; \
	case " $(TESTED_PYTHONS) " in *" $$version "*) ;; *) \
	  if [ "$(ALLOW_UNTESTED_PYTHON)" != 1 ]; then \
	    echo "$(PYTHON) is Python $$version; this project is tested on $(TESTED_PYTHONS)." >&2; \
	    echo "Use one of those (make PYTHON=python3.11 ...) or set ALLOW_UNTESTED_PYTHON=1 to try anyway." >&2; \
	    exit 1; fi;; esac; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "Python's venv module is missing: sudo apt-get install -y python3-venv" >&2; exit 1; }

$(VENV)/.installed: requirements.txt
	@$(MAKE) --no-print-directory python-version
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	@$(MAKE) --no-print-directory python-version
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# A catalog is rebuilt only when its .po is newer than its .mo (a `git pull` that changes it counts).
translations: $(MO_FILES)

%.mo: %.po $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile -i $< -o $@

# Migrates when the database's revision is not the newest, seeds when the starter content changed.
db: $(VENV)/.installed
	@$(PY) scripts/dev_db.py

# The first staff account (role admin): asks for a user name, then the password twice (the password is
# never a command-line argument; piped in, it is read from the first line of standard input).
admin: setup
	@read -r -p "New administrator's user name: " name && [ -n "$$name" ] && \
	  $(FLASK) users create "$$name" --role admin --language $(or $(ADMIN_LANGUAGE),ru)

chromium:
	@bash scripts/ensure_packages.sh /usr/bin/chromium:chromium

# What the tests start themselves: Chromium for the browser tests, redis-server for the shared
# login limit (a throw-away instance on a Unix socket unless TEST_REDIS_URL names one), nginx for
# the tests of the shipped front (run as a child of the tests, never as a service), systemd-analyze to
# verify the terminal's units, espeak-ng and opusenc for the spoken pages.
test-packages:
	@bash scripts/ensure_packages.sh /usr/bin/chromium:chromium redis-server:redis-server nginx:nginx systemd-analyze:systemd \
	  espeak-ng:espeak-ng opusenc:opus-tools

test: $(VENV)/.dev-installed test-packages translations
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

# A flaky test is only caught by running it again and again: RUNS runs in a row of the browser suite
# (or PYTEST_ARGS) in a fresh clone of HEAD, on DB (a postgresql:// URL; else TEST_DATABASE_URL, else
# SQLite), stopping at the first failure or skip with that run's logs kept under repeat-runs/.
repeat:
	$(PYTHON) scripts/repeat_suite.py --runs $(or $(RUNS),10) $(if $(DB),--database "$(DB)") $(if $(PYTEST_ARGS),-- $(PYTEST_ARGS))

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(VENV)/.dev-installed chromium translations
	@command -v wrk >/dev/null || { echo "make bench needs wrk: sudo apt-get install -y wrk" >&2; exit 1; }
	$(PY) bench/kiosk.py

clean:
	rm -rf $(VENV) .pytest_cache tests/browser/artifacts
