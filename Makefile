# The two commands of the README: `make run` and `make test`. Both set up everything
# they need on a fresh Debian machine (as root) and are safe to run again.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
SYSTEM_PACKAGES := chromium fonts-noto-cjk zbar-tools poppler-utils
BENCH_PACKAGES := wrk

.PHONY: run test bench lint install install-dev system-deps python-venv messages

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py run_site

test: system-deps install-dev
	$(PY) manage.py makemigrations --check --dry-run --settings=outreach.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

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

install: $(PY)
	$(PIP) install -r requirements.txt

install-dev: $(PY)
	$(PIP) install -r requirements-dev.txt

# Browser tests need Debian's Chromium and a CJK font; posters need the font and the
# tests decode QR codes with zbar. Installed only when missing and running as root.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "Missing Debian packages:$$missing (run as root or install them)"; fi; fi
