# Casebook: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=true

.PHONY: run test bench messages check-python clean

check-python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 12) else "Casebook needs Python 3.12 or newer; found %d.%d. Install it (e.g. pyenv install 3.12) or run: make PYTHON=python3.12 run" % v[:2])'

$(VENV)/.runtime: requirements.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

$(VENV)/.bench: requirements-bench.txt $(VENV)/.dev
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-bench.txt
	@touch $@

# The translations Django reads (.mo), compiled from the catalogues (.po) with polib: no gettext needed.
messages: $(VENV)/.runtime
	$(PY) -m casebook.catalogues

# The background worker (emails, big imports, exports) runs beside the dev server and stops with it.
run: $(VENV)/.runtime messages
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Casebook is at http://127.0.0.1:$(PORT)/"
	@$(DEV_ENV) $(PY) manage.py db_worker --interval 1 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev messages
	$(PY) -m pytest

# Benchmarks that need PostgreSQL get a throwaway cluster (root, as in CI); the rest run anywhere.
bench: $(VENV)/.bench
	.ci/with-postgres $(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
