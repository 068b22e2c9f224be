# Two commands for a new user: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PORT ?= 8000
# The suite runs on this many processes (pytest-xdist); TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= 2
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test smoke lint format venv bench bench-report bench-web cost-case clean

$(STAMP): pyproject.toml requirements.lock
	@if [ ! -x $(PY) ]; then \
		python_bin=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python_bin"; \
		"$$python_bin" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} PORT=$(PORT) PY=$(PY) scripts/run-dev

test: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

smoke: $(STAMP)
	$(PY) -m pytest -m smoke $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) scripts/bench_staffing.py

bench-report: $(STAMP)
	$(PY) scripts/bench_report.py

# The cost case of a downloaded scope: make cost-case FILE=var/scope.json (no FILE: stdin).
cost-case: $(STAMP)
	@$(PY) manage.py cost_case $(or $(FILE),-)

# The site under load: its own PostgreSQL database on DATABASE_URL's server (default
# postgres://postgres@127.0.0.1:5432/postgres), Redis at BENCH_REDIS_URL, gunicorn and locust.
bench-web: $(STAMP)
	$(PY) scripts/bench_web.py

clean:
	rm -rf $(VENV) var staticfiles
