# The two commands of the README: `make run` and `make test`. Both set up everything
# they need on a fresh Debian machine (as root) and are safe to run again.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
# What the site itself needs (demo illustrations, posters and PDFs draw Chinese text),
# and what the test suite needs on top (browser tests, QR decoding, PDF pages).
RUN_PACKAGES := fonts-noto-cjk
# libatomic1: the Node binary inside Playwright's Python package links it; a minimal Debian lacks it.
TEST_PACKAGES := $(RUN_PACKAGES) chromium zbar-tools poppler-utils libatomic1
BENCH_PACKAGES := wrk

.PHONY: run test bench lint lock install install-dev run-deps test-deps apt-packages python-venv messages production-smoke

run: run-deps install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	exec $(PY) manage.py run_site

test: test-deps install-dev
	$(PY) manage.py makemigrations --check --dry-run --settings=outreach.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# The README's production stack on loopback (nginx with the README's block, gunicorn,
# qcluster, PostgreSQL, Redis) and the smoke tests through nginx; needs PostgreSQL on
# 127.0.0.1:5432 and Redis on 127.0.0.1:6379, as CI starts them.
production-smoke: test-deps install-dev
	@$(MAKE) --no-print-directory apt-packages PACKAGES="nginx"
	$(PY) tests/production/stack.py $(PYTEST_ARGS)

bench: install-dev
	@if [ "$$(id -u)" = 0 ] && ! command -v wrk >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_PACKAGES); fi
	$(PY) tests/bench/run.py $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Source strings are Chinese; each app keeps its English catalogue in <app>/locale/en.
messages: install-dev
	$(PY) manage.py makemessages -l en -i .venv -i media -i tests -i staticfiles -i .bench --no-obsolete
	$(PY) manage.py compilemessages -l en -i .venv

# A fresh Debian has python3 without the venv module; install it when we can.
python-venv:
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { \
		[ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-dev; }

$(PY): | python-venv
	$(PYTHON) -m venv $(VENV)

# The lock files hold the exact versions CI passed with; requirements*.txt keep the
# ranges they are compiled from (`make lock` after changing a range).
install: $(PY)
	$(PIP) install -r requirements.lock

install-dev: $(PY)
	$(PIP) install -r requirements-dev.lock

lock: install-dev
	$(VENV)/bin/uv pip compile requirements.txt -o requirements.lock --python-version 3.11 --no-header -q
	$(VENV)/bin/uv pip compile requirements-dev.txt -c requirements.lock -o requirements-dev.lock --python-version 3.11 --no-header -q

# Debian packages, installed only when missing and running as root.
run-deps:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(RUN_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(TEST_PACKAGES)"

apt-packages:
	@missing=""; for p in $(PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "Missing Debian packages:$$missing (run as root or install them)"; fi; fi
