# 基层党建工作平台 — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
BENCH_SCALE ?= county

.PHONY: run test test-fast lint bench install serve clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 13), "需要 Python 3.13（.python-version）"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale county --if-empty
	@echo "后台任务进程已启动；服务地址: http://127.0.0.1:$(PORT)/"
	@trap 'kill 0' EXIT; $(PY) manage.py db_worker --queue-name '*' > var/worker.log 2>&1 & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest -q -n 2 --dist loadfile

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy jiceng bench
	$(PY) manage.py makemigrations --check --dry-run

bench: install
	$(PY) bench/run.py --scale $(BENCH_SCALE)

clean:
	rm -rf var/jiceng.sqlite3 staticfiles
