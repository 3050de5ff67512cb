# PakRus: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= 1

.PHONY: run test test-browser fuzz bench lint install clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

test: lint
	$(VENV)/bin/pytest -m "not browser"

test-browser: install node_modules/axe-core/axe.min.js
	$(VENV)/bin/pytest -m browser

# axe-core for the accessibility checks, at the version package-lock.json pins.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

fuzz: install
	scripts/fuzz_api.sh

.PHONY: backup restore loadtest

# Database and uploads into var/backups/pakrus-<date>-<time>.tar.gz.
backup: install
	$(PY) manage.py backup

# Into an empty, migrated database: `make restore BACKUP=var/backups/pakrus-….tar.gz` (the
# newest archive when BACKUP is not given); FLUSH=1 empties the database first.
restore: install
	$(PY) manage.py restore $(or $(BACKUP),--latest) $(if $(FLUSH),--flush)

# Bounded load test over loopback with wrk: LOADTEST_SECONDS, LOADTEST_CONNECTIONS,
# LOADTEST_DATABASE_URL (a scratch PostgreSQL database; SQLite in a temporary folder otherwise).
loadtest: install
	scripts/loadtest.sh

# Load test on scale data: `make bench SCALE=0.05` for a quick run; DATABASE_URL for PostgreSQL.
bench: install
	SCALE=$(SCALE) $(PY) bench/run.py

clean:
	rm -rf $(VENV) var
