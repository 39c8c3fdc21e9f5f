# 基层党建工作平台 — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
BENCH_SCALE ?= county

.PHONY: run dev test test-fast lint check-deploy bench install serve static clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 13), "需要 Python 3.13（.python-version）"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The production server (gunicorn, DEBUG off) with the task worker and the scheduler beside it.
# Keys are generated into var/ on first use (mode 600): back var/ up (docs/deploy.md).
run: install static
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale county --if-empty
	@echo "服务地址: http://127.0.0.1:$(PORT)/"
	$(PY) manage.py serve --bind 127.0.0.1:$(PORT)

# The development server (DEBUG on, autoreload) for developers; the worker beside it.
dev: install
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo --scale county --if-empty
	@echo "后台任务进程已启动；开发服务地址: http://127.0.0.1:$(PORT)/"
	@trap 'kill 0' EXIT; DEBUG=true $(PY) manage.py db_worker --queue-name '*' > var/worker.log 2>&1 & \
	  DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Hashed, precompressed (gzip + brotli) static files; redone only when a static source changed.
# The guide's images are static files too (settings.STATICFILES_DIRS).
STATIC_SOURCES := $(shell find static docs/guide/img -type f 2>/dev/null)
static: staticfiles/staticfiles.json
staticfiles/staticfiles.json: $(VENV)/.installed $(STATIC_SOURCES)
	$(PY) manage.py collectstatic --noinput --clear -v 0 --ignore 'redoc.standalone.js*'

test: install
	$(PY) -m pytest -q -n 2 --dist loadfile

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy jiceng bench
	$(PY) manage.py makemigrations --check --dry-run

# `check --deploy` with the documented production settings (docs/deploy/jiceng.env): 0 warnings.
check-deploy: install
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for k in secret_key id_number_key ballot_code_key; do $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > "$$tmp/$$k"; done; \
	set -a; . docs/deploy/jiceng.env; set +a; \
	SECRET_KEY_FILE="$$tmp/secret_key" ID_NUMBER_KEY_FILE="$$tmp/id_number_key" BALLOT_CODE_KEY_FILE="$$tmp/ballot_code_key" \
	  DATABASE_URL="sqlite:///$$tmp/deploy.sqlite3" JICENG_VAR_DIR="$$tmp" \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench: install static
	mkdir -p var
	$(PY) bench/run.py --scale $(BENCH_SCALE)

clean:
	rm -rf var/jiceng.sqlite3 staticfiles
